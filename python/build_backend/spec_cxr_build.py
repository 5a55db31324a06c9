"""A PEP 517 build backend in the standard library alone, so `pip install ./python` builds offline: no setuptools
or wheel to fetch (the setuptools that may be installed cannot build a wheel without the wheel package). It packs
the pure-Python package spec_cxr into a py3-none-any wheel, an editable wheel, or an sdist."""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "spec_cxr"
DIST = "spec_cxr"
VERSION = "0.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METADATA = """Metadata-Version: 2.1
Name: spec-cxr
Version: {version}
Summary: Python client for the spec-cxr evaluator of chest X-ray reports: batch evaluation, labelling and TRL-style rewards
License: Apache-2.0
Requires-Python: >=3.8
""".format(version=VERSION)
WHEEL = """Wheel-Version: 1.0
Generator: spec_cxr_build
Root-Is-Purelib: true
Tag: py3-none-any
"""


def _sources():
    pkg = os.path.join(ROOT, NAME)
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py"):
            yield os.path.join(pkg, name), NAME + "/" + name


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def _wheel(directory, files):
    dist_info = "%s-%s.dist-info" % (DIST, VERSION)
    filename = "%s-%s-py3-none-any.whl" % (DIST, VERSION)
    records = []
    with zipfile.ZipFile(os.path.join(directory, filename), "w", zipfile.ZIP_DEFLATED) as whl:
        entries = list(files) + [(dist_info + "/METADATA", METADATA.encode()), (dist_info + "/WHEEL", WHEEL.encode())]
        for arcname, data in entries:
            whl.writestr(arcname, data)
            records.append(_record_line(arcname, data))
        records.append(dist_info + "/RECORD,,")
        whl.writestr(dist_info + "/RECORD", "\n".join(records) + "\n")
    return filename


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = []
    for path, arcname in _sources():
        with open(path, "rb") as f:
            files.append((arcname, f.read()))
    return _wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # a .pth file that puts this checkout's python/ directory on sys.path
    return _wheel(wheel_directory, [(DIST + "_editable.pth", (ROOT + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (DIST, VERSION)
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tar:
        for rel in ["pyproject.toml", "README.md", "build_backend/spec_cxr_build.py"] + \
                [arc for _, arc in _sources()]:
            tar.add(os.path.join(ROOT, rel), arcname=base + "/" + rel)
        pkg_info = METADATA.encode()
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size = len(pkg_info)
        tar.addfile(info, io.BytesIO(pkg_info))
    return filename
