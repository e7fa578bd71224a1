# Sourced by build-terraform.sh and build-opentofu.sh: a Go module's source, downloaded
# from the Go module proxy and copied where it can be edited and built.
#
#   writable_module_source MODULE VERSION WORKDIR   (WORKDIR is replaced)
#
# Needs die() from the caller.
writable_module_source() {
	local module=$1 version=$2 work=$3 start src
	echo "== downloading $module@v$version from the Go module proxy"
	start=$SECONDS
	# Outside any module, so the provider's go.mod is neither read nor changed.
	(cd / && go mod download "$module@v$version")
	src=$(go env GOMODCACHE)/$module@v$version
	[ -f "$src/go.mod" ] || die "no module source at $src"
	echo "   downloaded in $((SECONDS - start))s"
	# The module cache is read-only: build in a writable copy.
	rm -rf "$work"
	cp -R "$src" "$work"
	chmod -R u+w "$work"
}
