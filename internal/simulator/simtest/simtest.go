// Package simtest is the kit for tests against the simulator: a client configuration
// that signs in with the simulator's default credentials. The simulator itself imports
// neither testing nor the client; this package joins them.
package simtest

import (
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// Config is a client configuration for the simulator (or a test wrapper around it) at
// url: the default credentials and clientId, no client-side rate limit, and short retry
// waits so that tests of retries stay fast.
func Config(url string) connectwise.Config {
	return connectwise.Config{
		SiteURL:           url,
		CompanyID:         simulator.DefaultCompanyID,
		PublicKey:         simulator.DefaultPublicKey,
		PrivateKey:        simulator.DefaultPrivateKey,
		ClientID:          simulator.DefaultClientID,
		RequestsPerMinute: -1,
		RetryWaitMin:      10 * time.Millisecond,
		RetryWaitMax:      100 * time.Millisecond,
	}
}

// Client is a client built from Config(url), changed by each mutate in turn.
func Client(t testing.TB, url string, mutate ...func(*connectwise.Config)) *connectwise.Client {
	t.Helper()
	cfg := Config(url)
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := connectwise.New(cfg)
	if err != nil {
		t.Fatalf("connectwise.New: %v", err)
	}
	return c
}
