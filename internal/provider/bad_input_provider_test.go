package provider

import (
	"math"
	"strings"
)

// The provider block, and each setting's environment variable (the block leaves the
// setting unset).

const notAPEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n"

func providerBadInputs() []badInputCase {
	block := func(attr string, v any, want ...string) badInputCase {
		return badInputCase{input: "provider." + attr, name: strings.TrimSpace(strings.ReplaceAll(short(v), "\n", " ")),
			send: func(h *badInputHarness) outcome { return h.provider(map[string]any{attr: v}) }, path: attr, want: want}
	}
	return []badInputCase{
		block("site_url", "ftp://example.com", `uses the scheme "ftp"`),
		block("site_url", "http://example.com", "https"),
		block("site_url", "https://user:secret@example.com", "user name or password"),
		block("site_url", "   ", "the site URL is empty"),
		block("company_id", "", "the company ID is empty"),
		block("company_id", "my company", "contains a space"),
		block("company_id", "acme/eu", `contains the character '/'`),
		block("public_key", "", "the public key is empty"),
		block("public_key", " pub", "leading or trailing spaces"),
		block("private_key", "", "the private key is empty"),
		block("private_key", "priv key", "contains a space"),
		block("client_id", "not-a-guid", "must be a GUID"),
		block("client_id", "", "must be a GUID"),
		block("codebase", "2025_8", "must look like v2025_8/"),
		block("codebase", "v2025 8/", "must look like v2025_8/"),
		block("api_version", "latest", "must look like 2025.8"),
		block("ca_certificate_pem", "garbage", "at least one -----BEGIN CERTIFICATE----- block"),
		block("ca_certificate_pem", notAPEM, "only CERTIFICATE blocks are accepted"),
		block("max_retries", 1.5, "must be a whole number from 0 to 20, e.g. 4; got 1.5."),
		block("max_retries", math.Inf(1), "got +Inf."),
		block("max_retries", 21, "got 21."),
		block("requests_per_minute", 0, "must be a whole number from 1 to 6000, e.g. 600; got 0."),
		block("requests_per_minute", 1.5, "got 1.5."),
		block("retry_max_wait", "forever", `must be a duration from 1s to 24h, such as 90s, 5m or 1h30m; got "forever"`),
		block("retry_max_wait", "48h", `got "48h"`),
		envCase("site_url", "CONNECTWISE_SITE_URL", "ftp://example.com", `uses the scheme "ftp"`),
		envCase("company_id", "CONNECTWISE_COMPANY_ID", "my company", "contains a space"),
		envCase("public_key", "CONNECTWISE_PUBLIC_KEY", "pub:key", `contains the character ':'`),
		envCase("private_key", "CONNECTWISE_PRIVATE_KEY", "priv key", "contains a space"),
		envCase("client_id", "CONNECTWISE_CLIENT_ID", "not-a-guid", "must be a GUID"),
		envCase("codebase", "CONNECTWISE_CODEBASE", "2025_8", "must look like v2025_8/"),
		envCase("api_version", "CONNECTWISE_API_VERSION", "latest", "must look like 2025.8"),
		envCase("ca_certificate_pem", envCACertificatePEM, "garbage", "at least one -----BEGIN CERTIFICATE----- block"),
		envCase("max_retries", envMaxRetries, "three", `must be a whole number from 0 to 20, e.g. 4; got "three"`),
		envCase("requests_per_minute", envRequestsPerMinute, "0", `got "0"`),
		envCase("retry_max_wait", envRetryMaxWait, "soon", `got "soon"`),
		envCase("site_url", "CONNECTWISE_SITE_URL", "", "Set site_url in the provider block or the CONNECTWISE_SITE_URL environment variable."),
		envCase("private_key", "CONNECTWISE_PRIVATE_KEY", "   ", "Set private_key in the provider block or the CONNECTWISE_PRIVATE_KEY environment variable."),
	}
}

// envCase leaves attr out of the provider block and sets its variable to value ("": unset).
func envCase(attr, env, value string, want ...string) badInputCase {
	name := "unset"
	if value != "" {
		name = short(value)
	}
	return badInputCase{input: "env " + env, name: name, path: attr, want: append([]string{env}, want...),
		send: func(h *badInputHarness) outcome {
			h.t.Setenv(env, value)
			return h.provider(map[string]any{attr: nil})
		}}
}
