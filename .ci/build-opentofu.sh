#!/usr/bin/env bash
# Builds the OpenTofu CLI from source with the Go toolchain alone:
#
#   .ci/build-opentofu.sh VERSION OUTDIR   ->  OUTDIR/tofu-VERSION/tofu
#
# Our machines reach the Go module proxy but not OpenTofu's release downloads, so OpenTofu
# is built from its Go module zip, as Terraform is (.ci/build-terraform.sh). Unlike
# Terraform's, OpenTofu's zip holds every package it imports (no nested modules), so
# nothing is dropped: the binary is what `go build ./cmd/tofu` makes of the tagged source,
# with the release build's flags. An existing binary is reused, so a second call is instant.
set -euo pipefail

version=${1:?usage: build-opentofu.sh VERSION OUTDIR}
outdir=${2:?usage: build-opentofu.sh VERSION OUTDIR}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
module=github.com/opentofu/opentofu
dest=$outdir/tofu-$version/tofu

if [ -x "$dest" ]; then
	echo "$dest is built"
	exit 0
fi

die() {
	echo "build-opentofu: $*" >&2
	exit 1
}
# shellcheck source=module-source.sh
. "$(dirname "$0")/module-source.sh"

work=$outdir/tofu-$version.src
writable_module_source "$module" "$version" "$work"
[ -d "$work/cmd/tofu" ] || die "no cmd/tofu in $work"

# -mod=mod: the zip's go.sum is complete, but a module cache that another build filled may
# lack a go.sum line's zip; this lets go fetch it rather than fail.
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
echo "== downloading the modules it imports"
start=$SECONDS
(cd "$work" && go list -deps ./cmd/tofu >/dev/null)
echo "   downloaded in $((SECONDS - start))s"

echo "== building OpenTofu $version (a few minutes)"
start=$SECONDS
mkdir -p "$(dirname "$dest")"
# version.dev=no is what OpenTofu's release builds set (.goreleaser.yaml): the CLI reports
# "OpenTofu v1.12.6", not "v1.12.6-dev".
(cd "$work" && go build -trimpath -ldflags "-X $module/version.dev=no" -o "$dest.tmp" ./cmd/tofu)
echo "   built in $((SECONDS - start))s"

# Without the caller's CLI configuration: OpenTofu prints a warning before the version when
# TF_CLI_CONFIG_FILE names a file that does not exist (Terraform says nothing).
reported=$(env -u TF_CLI_CONFIG_FILE -u TOFU_CLI_CONFIG_FILE "$dest.tmp" version 2>/dev/null)
reported=${reported%%$'\n'*}
[ "$reported" = "OpenTofu v$version" ] || die "the built CLI reports \"$reported\", want \"OpenTofu v$version\""
mv "$dest.tmp" "$dest"
rm -rf "$work"
echo "$reported at $dest"
