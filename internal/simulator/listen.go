package simulator

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Server is a running simulator: the API at URL (without codebase: the site URL) and the
// admin API at AdminURL.
type Server struct {
	URL, AdminURL string
	Sim           *Simulator
	CertPEM       []byte // TLS only: the server certificate, for the client's CA pool

	close     func()
	closeOnce sync.Once
}

// Close stops both listeners. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		if s.close != nil {
			s.close()
		}
	})
}

// Start serves the API on addr (HTTPS with a fresh self-signed certificate when tls) and
// the admin API on a random 127.0.0.1 port: the admin API has no auth, so it never
// listens beyond loopback.
func Start(opts Options, addr string, useTLS bool) (*Server, error) {
	sim := New(opts)
	var lc net.ListenConfig
	apiLn, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, err
	}
	adminLn, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		_ = apiLn.Close() // already failing; the Listen error is the one to report
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	base := func(net.Listener) context.Context { return ctx }
	api := &http.Server{Handler: sim.Handler(), BaseContext: base, ReadHeaderTimeout: 30 * time.Second,
		// HTTP/1.1 only: connection resets need http.Hijacker, which HTTP/2 lacks.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	admin := &http.Server{Handler: sim.AdminHandler(), BaseContext: base, ReadHeaderTimeout: 30 * time.Second}
	srv := &Server{Sim: sim, URL: "http://" + dialAddr(apiLn.Addr()), AdminURL: "http://" + dialAddr(adminLn.Addr())}
	if useTLS {
		cert, certPEM, err := selfSignedCert(apiLn.Addr())
		if err != nil {
			_ = apiLn.Close() // already failing; the certificate error is the one to report
			_ = adminLn.Close()
			cancel()
			return nil, err
		}
		api.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		apiLn = tls.NewListener(apiLn, api.TLSConfig)
		srv.URL = "https://" + dialAddr(apiLn.Addr())
		srv.CertPEM = certPEM
	}
	go func() { _ = ignoreClosed(api.Serve(apiLn)) }()
	go func() { _ = ignoreClosed(admin.Serve(adminLn)) }()
	srv.close = func() {
		cancel()
		_ = api.Close()
		_ = admin.Close()
	}
	return srv, nil
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// dialAddr turns a listener address into one a client can dial (0.0.0.0 -> 127.0.0.1).
func dialAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}

// selfSignedCert makes an ECDSA certificate for loopback names and the listener's IP.
func selfSignedCert(a net.Addr) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "ConnectWise simulator"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if tcp, ok := a.(*net.TCPAddr); ok && !tcp.IP.IsUnspecified() && !tcp.IP.IsLoopback() {
		tmpl.IPAddresses = append(tmpl.IPAddresses, tcp.IP)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), crypto.Signer(key))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}

// TB is what StartTest needs of a test: *testing.T, *testing.B and testing.TB have it.
// It is an interface so that the simulator's own code does not import testing.
type TB interface {
	Helper()
	Cleanup(func())
}

// StartTest serves a simulator on httptest servers, closed at t.Cleanup.
func StartTest(t TB, opts Options) *Server {
	t.Helper()
	sim := New(opts)
	api := httptest.NewServer(sim.Handler())
	return newTestServer(t, sim, api, nil)
}

// StartTestTLS is StartTest over HTTPS (HTTP/1.1); CertPEM is the server certificate.
func StartTestTLS(t TB, opts Options) *Server {
	t.Helper()
	sim := New(opts)
	api := httptest.NewTLSServer(sim.Handler())
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: api.Certificate().Raw})
	return newTestServer(t, sim, api, certPEM)
}

func newTestServer(t TB, sim *Simulator, api *httptest.Server, certPEM []byte) *Server {
	admin := httptest.NewServer(sim.AdminHandler())
	srv := &Server{URL: api.URL, AdminURL: admin.URL, Sim: sim, CertPEM: certPEM}
	srv.close = func() {
		api.Close()
		admin.Close()
	}
	t.Cleanup(srv.Close)
	return srv
}
