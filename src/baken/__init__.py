"""Baken: het hulpmiddel voor de Informatiepunten Digitale Overheid (IDO's)."""
