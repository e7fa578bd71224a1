package simulator

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// faultRoll is the outcome of the fault dice for one API request.
type faultRoll struct {
	resetBefore, error500, error503, slow, resetAfterWrite bool
	slowDelay                                              time.Duration
	proxy                                                  proxyFault
	proxyStatus                                            int
}

// rollFaults draws every die for every request, whatever the outcome, so the same
// sequence of requests meets the same faults for a given seed.
func (s *Simulator) rollFaults() faultRoll {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	hit := func(p float64) bool { return s.rng.Float64() < p }
	r := faultRoll{
		resetBefore:     hit(f.ResetBefore),
		error500:        hit(f.Error500),
		error503:        hit(f.Error503),
		slow:            hit(f.Slow),
		resetAfterWrite: hit(f.ResetAfterWrite),
		slowDelay:       f.SlowDelay,
	}
	if r.slowDelay <= 0 {
		r.slowDelay = 2 * time.Second
	}
	r.proxy, r.proxyStatus = s.rollProxyFault()
	return r
}

// resetConnection drops the client's connection with a TCP RST (linger 0) instead of an
// HTTP answer, as a failing load balancer would. It reports false when the connection
// cannot be hijacked (HTTP/2), in which case the caller must answer something.
func resetConnection(w http.ResponseWriter) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return false
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = raw.Close()
	return true
}

// sleepCtx waits d or until ctx is done; false means the client went away.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
