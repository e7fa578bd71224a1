package simulator

import "testing"

// Keys restored at once and then revoked for later: the restore holds until then.
func TestKeysRestoredThenRevokedLater(t *testing.T) {
	var k keyRing
	k.public, k.private = "pub", "old"
	k.rotate("", "revoked", 0)
	k.rotate("", "fixed", 0) // restored before any request
	k.rotate("", "revoked-again", 2)
	for i, want := range []string{"fixed", "fixed", "revoked-again"} {
		if _, private := k.forRequest(); private != want {
			t.Errorf("request %d checked against %q, want %q", i+1, private, want)
		}
	}
}
