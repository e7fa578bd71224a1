package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// What a proxy, a firewall or IIS answered is shown as that, with what to check: never as
// a missing role permission or refused keys.
func TestDescribeForeignAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults simulator.Faults
		want   []string
	}{
		{"Cloudflare block page", simulator.Faults{CloudflareBlock403: 1},
			[]string{`the site answered with a Cloudflare page (HTTP 403, titled "Attention Required! | Cloudflare"), not the ConnectWise API`,
				"the API keys and the security role were not checked", "site_url", "Cloudflare"}},
		{"IIS 500 page", simulator.Faults{IISError500: 1},
			[]string{`the site answered with a Microsoft IIS page (HTTP 500, titled "500 - Internal server error."), not the ConnectWise API`,
				"Run again later", "maintenance window"}},
		{"empty 502", simulator.Faults{Empty502: 1},
			[]string{"the site answered with an empty answer (HTTP 502), not the ConnectWise API", "Run again later"}},
		{"Cloudflare 52x", simulator.Faults{Cloudflare52x: 1},
			[]string{"the site answered with a Cloudflare page (HTTP 52", "not the ConnectWise API", "Run again later"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 3), Faults: tc.faults})
			client, err := connectwise.New(connectwise.Config{
				SiteURL: srv.URL, CompanyID: testCompanyID, PublicKey: testPublicKey, PrivateKey: testPrivateKey, ClientID: testClientID,
				RequestsPerMinute: -1, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.Companies.Get(context.Background(), 1)
			summary, detail := describeClientError("reading company 1", err)
			if summary != "Not a ConnectWise answer" {
				t.Errorf("summary %q", summary)
			}
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail lacks %q:\n%s", w, detail)
				}
			}
			for _, bad := range []string{"Security role", "must be All", "rejected the API keys", "<"} {
				if strings.Contains(summary+detail, bad) {
					t.Errorf("says %q:\n%s\n%s", bad, summary, detail)
				}
			}
		})
	}
}

// A Cloudflare block page at configure time points at site_url, not at the private key.
func TestAccProviderBehindACloudflareBlock(t *testing.T) {
	clearProviderEnv(t)
	srv := simulator.StartTest(t, simulator.Options{Faults: simulator.Faults{CloudflareBlock403: 1}})
	expectConfigError(t, providerBlock(srv.URL, "max_retries = 0"),
		`(?s)Not a ConnectWise answer.*checking the credentials with /system/info.*a Cloudflare page \(HTTP 403`)
}

// Keys revoked in the middle of the action's run: the customer in flight fails with the
// 401, the others are named in one error as not attempted, and only one 401 was sent.
func TestSyncUsageActionKeysRevokedMidRun(t *testing.T) {
	s := newSyncSite(t)
	call := newActionCall(t, s.srv.URL)
	usage := map[string]map[string]float64{
		"org-0": {"core-license": 5}, "org-1": {"core-license": 6}, "org-2": {"core-license": 7},
	}
	s.srv.Sim.ResetCounters()
	_, diags := call.invoke(t, s.config(usage, map[string]any{"dry_run": true, "max_parallel": 1}))
	failOnErrors(t, diags)
	reads := s.srv.Sim.Counters().Total // what the run reads before its first write
	s.srv.Sim.ResetCounters()
	s.srv.Sim.RevokeKeysAfter(reads)
	progress, diags := call.invoke(t, s.config(usage, map[string]any{"max_parallel": 1}))
	var errs []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	if len(errs) != 3 {
		t.Fatalf("%d errors, want one for the customer refused, one for the two not attempted and the run's count: %v", len(errs), errs)
	}
	if !strings.HasPrefix(errs[0].Summary, "Sync failed for organization org-") || !strings.Contains(errs[0].Detail, "401 Unauthorized") {
		t.Errorf("first error: %s: %s", errs[0].Summary, errs[0].Detail)
	}
	na := errs[1]
	for _, w := range []string{
		"not attempted: the API keys or the API member were refused (HTTP 401) earlier in this run; fix the credentials and run again",
		"Organizations: org-", "Check the provider's keys and client_id",
	} {
		if !strings.Contains(na.Detail, w) {
			t.Errorf("not-attempted error lacks %q:\n%s", w, na.Detail)
		}
	}
	if na.Summary != "Sync not attempted for 2 organizations" {
		t.Errorf("summary %q", na.Summary)
	}
	if count := errs[2]; count.Summary != "Sync incomplete" || !strings.HasPrefix(count.Detail, "3 of 4 customers failed (2 of them not attempted") {
		t.Errorf("the run's count: %s: %s", count.Summary, count.Detail)
	}
	if n := s.srv.Sim.Counters().ByStatus[401]; n != 1 {
		t.Errorf("%d requests answered 401, want 1", n)
	}
	if !strings.Contains(strings.Join(progress, "\n"), "2 customers not attempted: the API keys") {
		t.Errorf("progress:\n%s", strings.Join(progress, "\n"))
	}
}
