import base64
import hashlib
import os
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build_backend"))

import spec_cxr_build  # noqa: E402


def test_the_wheel_holds_the_package_and_a_record_that_matches(tmp_path):
    assert spec_cxr_build.get_requires_for_build_wheel() == []
    name = spec_cxr_build.build_wheel(str(tmp_path))
    assert name == "spec_cxr-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(str(tmp_path / name)) as whl:
        names = set(whl.namelist())
        assert {"spec_cxr/__init__.py", "spec_cxr/client.py", "spec_cxr/reward.py"} <= names
        record = whl.read("spec_cxr-0.1.0.dist-info/RECORD").decode().splitlines()
        listed = {}
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            listed[path] = (digest, size)
        assert set(listed) == names
        for path, (digest, size) in listed.items():
            if path.endswith("RECORD"):
                continue
            data = whl.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == "sha256=" + expected and int(size) == len(data), path
        assert "Name: spec-cxr" in whl.read("spec_cxr-0.1.0.dist-info/METADATA").decode()


def test_the_sdist_holds_what_a_build_needs(tmp_path):
    import tarfile
    name = spec_cxr_build.build_sdist(str(tmp_path))
    with tarfile.open(str(tmp_path / name)) as tar:
        names = set(tar.getnames())
    assert {"spec_cxr-0.1.0/pyproject.toml", "spec_cxr-0.1.0/build_backend/spec_cxr_build.py",
            "spec_cxr-0.1.0/spec_cxr/client.py", "spec_cxr-0.1.0/PKG-INFO"} <= names
