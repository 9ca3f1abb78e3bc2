"""Data sets and icons shipped with gradviz (installed as the package ``gradviz.resources``)."""
