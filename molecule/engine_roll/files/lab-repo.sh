#!/bin/sh
# Build a signed apt repository in $1 holding the distribution's docker.io with the version
# suffix $2 (a stand-in for a newer engine: the mirror carries one docker.io per release).
set -eu
repo=$1 suffix=$2
mkdir -p "$repo/src"
cd "$repo/src"
apt-get download docker.io
python3 /root/restamp_deb.py docker.io_*.deb "$repo/docker.io${suffix}.deb" "$suffix"
cd "$repo"
deb=docker.io${suffix}.deb
{
  dpkg-deb -f "$deb"
  echo "Filename: ./$deb"
  echo "Size: $(stat -c %s "$deb")"
  echo "SHA256: $(sha256sum "$deb" | cut -d' ' -f1)"
} > Packages
{
  echo "Origin: dockyard-lab"
  echo "Label: dockyard-lab"
  echo "Date: $(date -Ru)"
  echo "SHA256:"
  echo " $(sha256sum Packages | cut -d' ' -f1) $(stat -c %s Packages) Packages"
} > Release
export GNUPGHOME="$repo/.gnupg"
mkdir -p -m 0700 "$GNUPGHOME"
gpg --batch --quick-generate-key --passphrase '' 'dockyard lab <lab@invalid>' ed25519 sign never
gpg --batch --yes --clearsign -o InRelease Release
gpg --batch --yes --armor --export -o lab.asc
rm -rf src
