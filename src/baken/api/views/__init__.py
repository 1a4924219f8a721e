"""Views of the API app, one module per part.

- ``base.py``: the base class every API view extends (roles, devices, throttles).
- ``contacts.py``: POST /api/v1/contacten/ (branch device tokens).
- ``figures.py``: GET /api/v1/cijfers/ (signed-in figures roles).
- ``docs.py``: the OpenAPI schema and the Dutch documentation page.
- ``devices.py``: the coordinator's page to make and revoke device tokens.
- ``directory.py``: GET /api/v1/kaart/diensten/ (public): a gemeente's kaart in HSDS 3.0 form.
"""
