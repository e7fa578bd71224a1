package connectwise

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPrivateCA(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"version": "v2025.8"})
	}))
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})

	cfg := testConfig(srv.URL)
	cfg.CACertPEM = caPEM
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatalf("with the CA: %v", err)
	}

	c, _ = New(testConfig(srv.URL))
	_, err = c.System.Info(context.Background())
	var ce *ConnectionError
	if !errors.As(err, &ce) || !ce.IsTLS() || ce.IsUnreachable() {
		t.Fatalf("without the CA: %v", err)
	}
}
