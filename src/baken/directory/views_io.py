"""The coordinator's import and export of the kaart (issue 4).

Import in two steps: the upload is read and checked (nothing written) and the file is kept server-side under
a random name, which only the uploader's session knows; the preview page shows per row "nieuw / wijzigt /
ongewijzigd / fout". "Opslaan" reads the kept file again, checks it again against the current data and
writes the good rows in one transaction. The client never sends the rows back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baken.core.models import AuditEvent, Gemeente, Library
from baken.core.permissions import role_required
from baken.core.roles import COORDINATOR_ROLES
from baken.core.scope import Scope
from baken.core.services import audit_log
from baken.core.taxonomy import TargetGroup, Topic
from baken.core.types import AuthedRequest

from . import exports, hsds, imports, selectors
from .forms_io import ImportConfirmForm, ImportUploadForm
from .models import Language

logger = logging.getLogger(__name__)
SESSION_KEY = "directory_import"
RESULT_KEY = "directory_import_result"
PENDING_DIR = "directory-imports"
PENDING_MAX_AGE = timedelta(hours=2)
MAX_REPORTED_ERRORS = 300


def _library(request: AuthedRequest) -> Library:
    return Library.objects.get(pk=Scope.for_user(request.user).require_library())


# --- the kept upload -------------------------------------------------------------------------------------


def _pending_path(library_id: int, token: str) -> str:
    return f"{PENDING_DIR}/{library_id}/{token}.upload"


def _forget_old_uploads(library_id: int) -> None:
    folder = f"{PENDING_DIR}/{library_id}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def _keep_upload(request: AuthedRequest, library_id: int, name: str, content: bytes) -> None:
    _drop_pending(request)
    _forget_old_uploads(library_id)
    token = secrets.token_urlsafe(24)
    default_storage.save(_pending_path(library_id, token), ContentFile(content))
    request.session[SESSION_KEY] = {
        "token": token,
        "name": name[:200],
        "library_id": library_id,
        "sha256": hashlib.sha256(content).hexdigest(),
        "at": timezone.now().isoformat(),
    }


def _pending(request: AuthedRequest, library_id: int) -> tuple[str, bytes] | None:
    """The kept upload of this session, if it is still there and unchanged."""
    info = request.session.get(SESSION_KEY)
    if not isinstance(info, dict) or info.get("library_id") != library_id:
        return None
    token = str(info.get("token", ""))
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _pending_path(library_id, token)
    try:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return None
    if hashlib.sha256(content).hexdigest() != info.get("sha256"):
        return None
    return str(info.get("name", "")), content


def _drop_pending(request: AuthedRequest) -> None:
    info = request.session.pop(SESSION_KEY, None)
    if isinstance(info, dict) and info.get("token") and isinstance(info.get("library_id"), int):
        token = str(info["token"])
        if token.replace("-", "").replace("_", "").isalnum():
            default_storage.delete(_pending_path(info["library_id"], token))


def _codes() -> list[dict[str, Any]]:
    return [
        {"column": "onderwerpen", "choices": Topic.choices},
        {"column": "doelgroepen", "choices": TargetGroup.choices},
        {"column": "talen", "choices": Language.choices},
        {
            "column": "gemeenten",
            "choices": [(g.slug, f"{g.name} ({g.cbs_code})") for g in Gemeente.objects.all()],
        },
    ]


# --- pages -------------------------------------------------------------------------------------------------


def _column_help() -> list[dict[str, Any]]:
    return [
        {"key": c.key, "help": c.help, "example": c.example, "required": c.required} for c in imports.COLUMNS
    ]


@role_required(COORDINATOR_ROLES)
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponseBase:
    library = _library(request)
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(imports.MAX_BYTES + 1)
            try:
                imports.read_table(filename=upload.name, content=content)
            except imports.ImportFileError as error:
                form.add_error("file", str(error.message))
            else:
                _keep_upload(request, library.pk, upload.name, content)
                return redirect("directory:import_preview")
    result = request.session.pop(RESULT_KEY, None)
    return render(
        request,
        "directory/io_import.html",
        {
            "form": form,
            "columns": _column_help(),
            "result": result if isinstance(result, dict) else None,
            "branches": library.branches.order_by("name"),
            "codes": _codes(),
        },
    )


@role_required(COORDINATOR_ROLES)
@require_http_methods(["GET", "POST"])
def import_preview(request: AuthedRequest) -> HttpResponseBase:
    library = _library(request)
    pending = _pending(request, library.pk)
    if pending is None:
        messages.warning(request, _("There is no file waiting to be imported. Upload a file first."))
        return redirect("directory:import_upload")
    name, content = pending
    try:
        table = imports.read_table(filename=name, content=content)
    except imports.ImportFileError as error:
        _drop_pending(request)
        messages.error(request, str(error.message))
        return redirect("directory:import_upload")
    plan = imports.plan_import(library=library, table=table)
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if not form.is_valid() or form.cleaned_data["action"] != "opslaan":
            _drop_pending(request)
            messages.info(request, _("The import was cancelled. Nothing was saved."))
            return redirect("directory:import_upload")
        try:
            outcome = imports.apply_import(
                library=library, user=request.user, plan=plan, today=timezone.localdate()
            )
        except Exception as error:  # the transaction rolled back: say so plainly, keep nothing
            logger.warning("directory import rolled back: %s", type(error).__name__)  # no row data in logs
            _drop_pending(request)
            messages.error(
                request,
                _("Saving went wrong, so nothing was saved. Check the file and try again."),
            )
            return redirect("directory:import_upload")
        _drop_pending(request)
        audit_log(
            actor=request.user,
            action=AuditEvent.Action.UPDATE,
            target="directory:import",
            detail={
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "refused": outcome.refused,
            },
        )
        request.session[RESULT_KEY] = {
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "refused": outcome.refused,
            "bad": [
                {"line": row.line, "dienst": row.dienst, "errors": row.errors}
                for row in plan.bad[:MAX_REPORTED_ERRORS]
            ],
        }
        return redirect("directory:import_upload")
    return render(
        request,
        "directory/io_preview.html",
        {"plan": plan, "name": name, "summary": plan.summary, "form": ImportConfirmForm()},
    )


@role_required(COORDINATOR_ROLES)
@require_GET
def import_template_csv(request: AuthedRequest) -> HttpResponseBase:
    return _template("csv")


@role_required(COORDINATOR_ROLES)
@require_GET
def import_template_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _template("xlsx")


def _template(extension: str) -> HttpResponse:
    rows = imports.template_rows()
    if extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Diensten"
        for row in rows:
            sheet.append([exports.safe_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";")
        for row in rows:
            writer.writerow([exports.safe_cell(v) for v in row])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="baken-kaart-sjabloon.{extension}"'
    return response


# --- exports -----------------------------------------------------------------------------------------------


def _log_export(request: AuthedRequest, what: str) -> None:
    audit_log(actor=request.user, action=AuditEvent.Action.EXPORT, target=f"directory:{what}")


def _json_response(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(COORDINATOR_ROLES)
@require_GET
def export_hsds(request: AuthedRequest) -> HttpResponseBase:
    services = selectors.visible_services(scope=Scope.for_user(request.user))
    _log_export(request, "hsds")
    return _json_response(hsds.services_page(services, public=False), "baken-kaart-hsds.json")


@role_required(COORDINATOR_ROLES)
@require_GET
def export_hsds_organizations(request: AuthedRequest) -> HttpResponseBase:
    organizations = selectors.visible_organizations(scope=Scope.for_user(request.user)).prefetch_related(
        "phones"
    )
    _log_export(request, "hsds_organizations")
    return _json_response(
        hsds.organizations_page(organizations.order_by("name", "pk"), public=False),
        "baken-kaart-hsds-organisaties.json",
    )


@role_required(COORDINATOR_ROLES)
@require_GET
def export_csv(request: AuthedRequest) -> HttpResponseBase:
    services = selectors.visible_services(scope=Scope.for_user(request.user))
    _log_export(request, "csv")
    return exports.csv_response(services)
