package simulator

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
)

// keyRing is the API member's keys. A person regenerates them in the ConnectWise UI while
// integrations run; RotateKeys and RevokeKeysAfter do it after a chosen number of
// requests, so a test can revoke the keys in the middle of a sync.
type keyRing struct {
	mu              sync.Mutex
	public, private string
	pending         bool
	after           int // API requests still checked with the old keys
	nextPublic      string
	nextPrivate     string
}

// forRequest returns the keys one API request is checked against; a rotation that is due
// takes effect first.
func (k *keyRing) forRequest() (public, private string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.pending {
		if k.after == 0 {
			k.public, k.private, k.pending = k.nextPublic, k.nextPrivate, false
		} else {
			k.after--
		}
	}
	return k.public, k.private
}

func (k *keyRing) rotate(public, private string, afterRequests int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if public == "" {
		public = k.public
	}
	if afterRequests <= 0 {
		// Now, not at the next request: a rotation asked for after it (say, revoke again
		// later) must start from these keys, not replace them before they took effect.
		k.public, k.private, k.pending = public, private, false
		return
	}
	k.nextPublic, k.nextPrivate, k.after, k.pending = public, private, afterRequests, true
}

// RotateKeys replaces the API member's keys once afterRequests more API requests have been
// checked with the current ones (0: at once). An empty public key keeps
// the current one. Every request with the old keys is then answered 401.
func (s *Simulator) RotateKeys(public, private string, afterRequests int) {
	s.keys.rotate(public, private, afterRequests)
}

// RevokeKeysAfter regenerates the private key once afterRequests more API requests have
// been checked: from then on every request with the keys a client has is answered 401, as
// after a person regenerated them in the UI.
func (s *Simulator) RevokeKeysAfter(afterRequests int) {
	s.keys.rotate("", freshKey(), afterRequests)
}

// freshKey is a private key no client has.
func freshKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "revoked-" + hex.EncodeToString(b)
}

// adminKeys is PUT /keys {"publicKey","privateKey","afterRequests"}: rotate the keys after
// that many more API requests. Without a privateKey the keys are revoked (a fresh private
// key no client has).
func (s *Simulator) adminKeys(body struct {
	PublicKey     string `json:"publicKey"`
	PrivateKey    string `json:"privateKey"`
	AfterRequests int    `json:"afterRequests"`
}) error {
	if body.AfterRequests < 0 {
		return errors.New("afterRequests must be 0 or more")
	}
	if body.PrivateKey == "" {
		body.PrivateKey = freshKey()
	}
	s.RotateKeys(body.PublicKey, body.PrivateKey, body.AfterRequests)
	return nil
}
