#!/usr/bin/env python3
"""Writes an OCI image layout of about SIZE_MB uncompressed bytes for memory benchmarks.

The layer holds a dpkg status file (so catalogers have work), a few big files and many small
ones; contents are pseudo-random from a fixed seed so runs are repeatable.
usage: make-synthetic-image.py OUT_DIR SIZE_MB
"""
import gzip, hashlib, io, json, os, random, sys, tarfile

out, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(size_mb)
os.makedirs(f"{out}/blobs/sha256", exist_ok=True)


def blob(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    with open(f"{out}/blobs/sha256/{digest}", "wb") as f:
        f.write(data)
    return digest


def add(tar, path, data):
    info = tarfile.TarInfo(path)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


tar_path = f"{out}/layer.tar.tmp"
with tarfile.open(tar_path, mode="w", format=tarfile.PAX_FORMAT) as tar:
    status = "".join(
        f"Package: pkg{i}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.{i}-1\n\n" for i in range(200)
    )
    add(tar, "var/lib/dpkg/status", status.encode())
    add(tar, "etc/os-release", b'ID=debian\nVERSION_ID="12"\n')
    remaining = size_mb * 1_000_000
    index = 0
    while remaining > 0:
        # Half-compressible data: random bytes interleaved with zero runs.
        size = min(remaining, rng.choice([4_096, 65_536, 1_000_000, 8_000_000]))
        chunk = bytes(rng.getrandbits(8) for _ in range(min(size, 4096))) * (size // 4096 + 1)
        add(tar, f"data/d{index % 100}/f{index}", chunk[:size])
        remaining -= size
        index += 1
diff = hashlib.sha256()
gz_path = f"{out}/layer.tar.gz.tmp"
with open(tar_path, "rb") as source, open(gz_path, "wb") as sink:
    with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=1, mtime=0) as gz:
        while block := source.read(1 << 20):
            diff.update(block)
            gz.write(block)
os.remove(tar_path)
diff_id = diff.hexdigest()
compressed_digest = hashlib.sha256()
with open(gz_path, "rb") as f:
    while block := f.read(1 << 20):
        compressed_digest.update(block)
layer_digest = compressed_digest.hexdigest()
compressed_size = os.path.getsize(gz_path)
os.rename(gz_path, f"{out}/blobs/sha256/{layer_digest}")
config = json.dumps({
    "architecture": "amd64", "os": "linux",
    "rootfs": {"type": "layers", "diff_ids": [f"sha256:{diff_id}"]},
    "config": {},
}).encode()
config_digest = blob(config)
manifest = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": f"sha256:{config_digest}", "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": f"sha256:{layer_digest}", "size": compressed_size}],
}).encode()
manifest_digest = blob(manifest)
with open(f"{out}/oci-layout", "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(f"{out}/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": f"sha256:{manifest_digest}",
        "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": f"synthetic-{size_mb}"}}]}, f)
