package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolvePrefersConfigOverEnvironment(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("CONNECTWISE_SITE_URL", "https://env.example.com")
	t.Setenv("CONNECTWISE_COMPANY_ID", "envco")
	t.Setenv("CONNECTWISE_PUBLIC_KEY", "envpub")
	t.Setenv("CONNECTWISE_PRIVATE_KEY", "envpriv")
	t.Setenv("CONNECTWISE_CLIENT_ID", testClientID)
	t.Setenv(envRequestsPerMinute, "120")
	cfg := providerConfig{
		SiteURL:    types.StringValue("https://api-eu.myconnectwise.net"),
		CompanyID:  types.StringNull(),
		MaxRetries: int64Number(2),
	}
	got, diags := cfg.resolve("1.2.3", "1.11.4")
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.SiteURL != "https://api-eu.myconnectwise.net" || got.CompanyID != "envco" || got.PrivateKey != "envpriv" {
		t.Errorf("config should win over env, env fill the rest: %+v", got)
	}
	if got.MaxRetries != 2 || got.RequestsPerMinute != 120 || got.APIVersion != defaultAPIVersion {
		t.Errorf("retries %d rpm %d version %q", got.MaxRetries, got.RequestsPerMinute, got.APIVersion)
	}
	if got.UserAgent != "terraform-provider-connectwise/1.2.3 (+https://registry.terraform.io/providers/mspkit/connectwise) Terraform/1.11.4" {
		t.Errorf("user agent %q", got.UserAgent)
	}
}

func TestResolveReportsEveryMissingSetting(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv(envMaxRetries, "three")
	_, diags := providerConfig{}.resolve("dev", "")
	var text []string
	for _, d := range diags {
		text = append(text, d.Summary()+": "+d.Detail())
	}
	joined := strings.Join(text, "\n")
	for _, want := range []string{"CONNECTWISE_SITE_URL", "CONNECTWISE_COMPANY_ID", "CONNECTWISE_PUBLIC_KEY", "CONNECTWISE_PRIVATE_KEY", "CONNECTWISE_CLIENT_ID", `max_retries must be a whole number from 0 to 20, e.g. 4; got "three" (from the CONNECTWISE_MAX_RETRIES environment variable`} {
		if !strings.Contains(joined, want) {
			t.Errorf("diagnostics do not mention %s:\n%s", want, joined)
		}
	}
	if len(diags) != 6 {
		t.Errorf("want one diagnostic per problem (6), got %d:\n%s", len(diags), joined)
	}
}

func TestResolveRejectsUnknownValues(t *testing.T) {
	clearProviderEnv(t)
	cfg := providerConfig{SiteURL: types.StringUnknown()}
	_, diags := cfg.resolve("dev", "")
	if !strings.Contains(diags[0].Detail(), "only known after apply") {
		t.Errorf("first diagnostic: %s", diags[0].Detail())
	}
}

func TestResolveRetryMaxWait(t *testing.T) {
	clearProviderEnv(t)
	got, diags := providerConfig{}.resolve("dev", "")
	if got.RetryMaxWait != 5*time.Minute {
		t.Errorf("default retry_max_wait %v, want 5m (diagnostics %v)", got.RetryMaxWait, diags)
	}
	t.Setenv(envRetryMaxWait, "90s")
	if got, _ := (providerConfig{}).resolve("dev", ""); got.RetryMaxWait != 90*time.Second {
		t.Errorf("from the environment: %v, want 90s", got.RetryMaxWait)
	}
	if got, _ := (providerConfig{RetryMaxWait: types.StringValue("2m")}).resolve("dev", ""); got.RetryMaxWait != 2*time.Minute {
		t.Errorf("config over environment: %v, want 2m", got.RetryMaxWait)
	}
	t.Setenv(envRetryMaxWait, "soon")
	t.Setenv(envRequestsPerMinute, "1.5")
	_, diags = providerConfig{}.resolve("dev", "")
	var text []string
	for _, d := range diags {
		text = append(text, d.Summary()+": "+d.Detail())
	}
	joined := strings.Join(text, "\n")
	for _, want := range []string{
		`retry_max_wait must be a duration from 1s to 24h, such as 90s, 5m or 1h30m; got "soon" (from the CONNECTWISE_RETRY_MAX_WAIT environment variable, as the provider block does not set it).`,
		`requests_per_minute must be a whole number from 1 to 6000, e.g. 600; got "1.5" (from the CONNECTWISE_REQUESTS_PER_MINUTE environment variable, as the provider block does not set it).`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, joined)
		}
	}
}
