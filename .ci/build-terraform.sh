#!/usr/bin/env bash
# Builds the Terraform CLI from source with the Go toolchain alone:
#
#   .ci/build-terraform.sh VERSION OUTDIR   ->  OUTDIR/terraform-VERSION/terraform
#
# Our machines reach the Go module proxy but not releases.hashicorp.com, so a Terraform
# newer than the installed one (actions need 1.14, identity import 1.12) is built from its
# Go module zip. That zip lacks the nested modules of the remote-state backends, so those
# backends are dropped from internal/backend/init/init.go and go.mod first; the tests use
# only the local backend. An existing binary is reused, so a second call is instant.
set -euo pipefail

version=${1:?usage: build-terraform.sh VERSION OUTDIR}
outdir=${2:?usage: build-terraform.sh VERSION OUTDIR}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
module=github.com/hashicorp/terraform
dest=$outdir/terraform-$version/terraform

if [ -x "$dest" ]; then
	echo "$dest is built"
	exit 0
fi

# Backends whose nested modules (internal/backend/remote-state/<dir>) the zip lacks, as
# "<package dir> <import alias>" pairs.
dropped_backends=(
	"azure backendAzure"
	"consul backendConsul"
	"cos backendCos"
	"gcs backendGCS"
	"kubernetes backendKubernetes"
	"oci backendOCI"
	"oss backendOSS"
	"pg backendPg"
	"s3 backendS3"
)

die() {
	echo "build-terraform: $*" >&2
	exit 1
}
# shellcheck source=module-source.sh
. "$(dirname "$0")/module-source.sh"

work=$outdir/terraform-$version.src
writable_module_source "$module" "$version" "$work"

init=$work/internal/backend/init/init.go
for pair in "${dropped_backends[@]}"; do
	read -r dir alias <<<"$pair"
	pkg=$module/internal/backend/remote-state/$dir
	import_line="	$alias \"$pkg\""
	grep -qxF "$import_line" "$init" || die "init.go: import of $pkg as $alias not found; update .ci/build-terraform.sh"
	grep -qE "^[[:space:]]+\"[a-z0-9]+\":[[:space:]]+func\(\) backend\.Backend \{ return $alias\.New\(\) \},$" "$init" ||
		die "init.go: registration of $alias not found; update .ci/build-terraform.sh"
	grep -qE "^	$pkg v" "$work/go.mod" || die "go.mod: require of $pkg not found; update .ci/build-terraform.sh"
	grep -qE "^replace $pkg => " "$work/go.mod" || die "go.mod: replace of $pkg not found; update .ci/build-terraform.sh"
	grep -vxF "$import_line" "$init" |
		grep -vE "^[[:space:]]+\"[a-z0-9]+\":[[:space:]]+func\(\) backend\.Backend \{ return $alias\.New\(\) \},$" >"$init.new"
	mv "$init.new" "$init"
	(cd "$work" && go mod edit -droprequire="$pkg" -dropreplace="$pkg")
done
legacy=$module/internal/legacy
grep -qE "^replace $legacy => " "$work/go.mod" || die "go.mod: replace of $legacy not found; update .ci/build-terraform.sh"
(cd "$work" && go mod edit -droprequire="$legacy" -dropreplace="$legacy")
if grep -q "internal/backend/remote-state/\(azure\|consul\|cos\|gcs\|kubernetes\|oci\|oss\|pg\|s3\)\|internal/legacy" "$init" "$work/go.mod"; then
	die "backends left after the edit; update .ci/build-terraform.sh"
fi

export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
echo "== downloading the modules it imports"
start=$SECONDS
(cd "$work" && go list -deps . >/dev/null)
echo "   downloaded in $((SECONDS - start))s"

echo "== building Terraform $version (a few minutes)"
start=$SECONDS
mkdir -p "$(dirname "$dest")"
# version.dev=no is what release builds set: the CLI reports "1.15.9", not "1.15.9-dev".
(cd "$work" && go build -trimpath -ldflags "-X $module/version.dev=no" -o "$dest.tmp" .)
echo "   built in $((SECONDS - start))s"

reported=$(CHECKPOINT_DISABLE=1 "$dest.tmp" version 2>/dev/null)
reported=${reported%%$'\n'*}
[ "$reported" = "Terraform v$version" ] || die "the built CLI reports \"$reported\", want \"Terraform v$version\""
mv "$dest.tmp" "$dest"
rm -rf "$work"
echo "$reported at $dest"
