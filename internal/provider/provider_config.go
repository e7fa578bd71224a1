package provider

import (
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// providerConfig is the provider block as Terraform hands it over.
type providerConfig struct {
	SiteURL           types.String `tfsdk:"site_url"`
	CompanyID         types.String `tfsdk:"company_id"`
	PublicKey         types.String `tfsdk:"public_key"`
	PrivateKey        types.String `tfsdk:"private_key"`
	ClientID          types.String `tfsdk:"client_id"`
	Codebase          types.String `tfsdk:"codebase"`
	APIVersion        types.String `tfsdk:"api_version"`
	CACertificatePEM  types.String `tfsdk:"ca_certificate_pem"`
	MaxRetries        types.Number `tfsdk:"max_retries"`
	RequestsPerMinute types.Number `tfsdk:"requests_per_minute"`
	RetryMaxWait      types.String `tfsdk:"retry_max_wait"`
}

// setting ties one string attribute to its environment variable and its rule, which the
// attribute's validator applies to the provider block and resolve to the variable.
type setting struct {
	attr, env string
	required  bool
	check     stringCheck
	value     func(*providerConfig) types.String
	target    func(*connectwise.Config) *string
}

var stringSettings = []setting{
	{"site_url", "CONNECTWISE_SITE_URL", true, siteURLValidator, func(c *providerConfig) types.String { return c.SiteURL }, func(c *connectwise.Config) *string { return &c.SiteURL }},
	{"company_id", "CONNECTWISE_COMPANY_ID", true, companyIDValidator, func(c *providerConfig) types.String { return c.CompanyID }, func(c *connectwise.Config) *string { return &c.CompanyID }},
	{"public_key", "CONNECTWISE_PUBLIC_KEY", true, publicKeyValidator, func(c *providerConfig) types.String { return c.PublicKey }, func(c *connectwise.Config) *string { return &c.PublicKey }},
	{"private_key", "CONNECTWISE_PRIVATE_KEY", true, privateKeyValidator, func(c *providerConfig) types.String { return c.PrivateKey }, func(c *connectwise.Config) *string { return &c.PrivateKey }},
	{"client_id", "CONNECTWISE_CLIENT_ID", true, guidValidator, func(c *providerConfig) types.String { return c.ClientID }, func(c *connectwise.Config) *string { return &c.ClientID }},
	{"codebase", "CONNECTWISE_CODEBASE", false, codebaseValidator, func(c *providerConfig) types.String { return c.Codebase }, func(c *connectwise.Config) *string { return &c.Codebase }},
	{"api_version", "CONNECTWISE_API_VERSION", false, apiVersionValidator, func(c *providerConfig) types.String { return c.APIVersion }, func(c *connectwise.Config) *string { return &c.APIVersion }},
}

const (
	envCACertificatePEM  = "CONNECTWISE_CA_CERTIFICATE_PEM"
	envMaxRetries        = "CONNECTWISE_MAX_RETRIES"
	envRequestsPerMinute = "CONNECTWISE_REQUESTS_PER_MINUTE"
	envRetryMaxWait      = "CONNECTWISE_RETRY_MAX_WAIT"
	defaultAPIVersion    = "2025.8"
)

func providerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"site_url": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "ConnectWise site URL, e.g. `https://api-na.myconnectwise.net` or your on-premises host. " +
				"The browser host of a cloud region (`https://na.myconnectwise.net`) is accepted and mapped to its `api-` host. " +
				"HTTPS only; plain HTTP is allowed for loopback addresses (local testing). Env: `CONNECTWISE_SITE_URL`.",
			Validators: []validator.String{siteURLValidator},
		},
		"company_id": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The company ID you type when you log in to ConnectWise PSA. Env: `CONNECTWISE_COMPANY_ID`.",
			Validators:          []validator.String{companyIDValidator},
		},
		"public_key": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Public key of the API member's key pair (System › Members › API Members › API Keys). Env: `CONNECTWISE_PUBLIC_KEY`.",
			Validators:          []validator.String{publicKeyValidator},
		},
		"private_key": schema.StringAttribute{
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: "Private key of the API member's key pair. Never logged. Env: `CONNECTWISE_PRIVATE_KEY`.",
			Validators:          []validator.String{privateKeyValidator},
		},
		"client_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Your integration's clientId (a GUID from the ConnectWise developer portal), sent on every call. " +
				"Env: `CONNECTWISE_CLIENT_ID`.",
			Validators: []validator.String{guidValidator},
		},
		"codebase": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Codebase path segment such as `v2025_8/`. Discovered through `/login/companyinfo` when absent " +
				"(recommended: hosted sites change codebase on upgrades). Env: `CONNECTWISE_CODEBASE`.",
			Validators: []validator.String{codebaseValidator},
		},
		"api_version": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "API model version pinned in the `Accept` header. Defaults to `" + defaultAPIVersion + "`, " +
				"the version this provider is tested against. Env: `CONNECTWISE_API_VERSION`.",
			Validators: []validator.String{apiVersionValidator},
		},
		"ca_certificate_pem": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system roots, for on-premises " +
				"sites with a private CA. Env: `" + envCACertificatePEM + "`.",
			Validators: []validator.String{pemValidator},
		},
		"max_retries": schema.NumberAttribute{
			Optional: true,
			MarkdownDescription: "How many times a call that meets a server error (500 on a read; 502, 503, 504 or Cloudflare's 520-524) or a " +
				"connection error is retried with jittered backoff: a whole number from 0 to 20; 0 turns retries off. " +
				"Throttled calls (429) are not counted: they wait as long as ConnectWise asks, within `retry_max_wait`. " +
				"A create (POST) is never retried after an ambiguous failure. Default 4. Env: `" + envMaxRetries + "`.",
			Validators: maxRetriesRule.validators(),
		},
		"requests_per_minute": schema.NumberAttribute{
			Optional: true,
			MarkdownDescription: "Client-side rate limit, shared by every call this provider process makes: at most this many " +
				"requests in any 60 seconds, the short burst that starts a plan included, so that workspaces that split a " +
				"site's budget between them stay within it together. A whole number from 1 to 6000. Default 600, well " +
				"under the ~1,000 requests a minute at which ConnectWise throttles. " +
				"Env: `" + envRequestsPerMinute + "`.",
			Validators: requestsPerMinuteRule.validators(),
		},
		"retry_max_wait": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Longest time one API call may spend waiting on retries and on ConnectWise's `Retry-After`; " +
				"the run's context ends it sooner. A duration such as `90s`, `5m` or `1h` (from 1s to 24h). Default `5m`. " +
				"Env: `" + envRetryMaxWait + "`.",
			Validators: []validator.String{retryMaxWaitValidator},
		},
	}
}

// resolve merges configuration and environment and reports every missing or unknown
// value at once, each on its attribute.
func (c providerConfig) resolve(providerVersion, terraformVersion string) (connectwise.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := connectwise.Config{
		UserAgent: userAgent(providerVersion, terraformVersion),
	}
	for _, s := range stringSettings {
		v := s.value(&c)
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(s.attr), "Unknown provider setting",
				fmt.Sprintf("%s depends on a value that is only known after apply. The provider needs it to plan; "+
					"set it from a variable or the %s environment variable instead.", s.attr, s.env))
			continue
		}
		value := v.ValueString()
		if v.IsNull() {
			value = strings.TrimSpace(os.Getenv(s.env))
			diags.Append(envDiagnostic(s.attr, s.env, s.check, value)...)
		}
		if value == "" && s.required {
			diags.AddAttributeError(path.Root(s.attr), "Missing provider setting",
				fmt.Sprintf("Set %s in the provider block or the %s environment variable.", s.attr, s.env))
		}
		*s.target(&out) = value
	}
	if out.APIVersion == "" {
		out.APIVersion = defaultAPIVersion
	}
	pem := c.CACertificatePEM.ValueString()
	if c.CACertificatePEM.IsNull() {
		pem = os.Getenv(envCACertificatePEM)
		diags.Append(envDiagnostic("ca_certificate_pem", envCACertificatePEM, pemValidator, pem)...)
	}
	if pem != "" {
		out.CACertPEM = []byte(pem)
	}
	var d diag.Diagnostics
	out.MaxRetries, d = intSetting(c.MaxRetries, "max_retries", envMaxRetries, maxRetriesRule, connectwise.DefaultMaxRetries)
	diags.Append(d...)
	if out.MaxRetries == 0 {
		out.MaxRetries = -1 // the client reads 0 as "default"; the user asked for no retries
	}
	rpm, d := intSetting(c.RequestsPerMinute, "requests_per_minute", envRequestsPerMinute, requestsPerMinuteRule, connectwise.DefaultRequestsPerMinute)
	diags.Append(d...)
	out.RequestsPerMinute = rpm
	out.RetryMaxWait, d = durationSetting(c.RetryMaxWait, "retry_max_wait", envRetryMaxWait, connectwise.DefaultRetryMaxWait)
	diags.Append(d...)
	return out, diags
}

// envDiagnostic checks a value read from the environment by its attribute's rule and names
// both the variable and the attribute (nil when the value is accepted or empty: a missing
// setting is reported on its own).
func envDiagnostic(attr, env string, check stringCheck, value string) diag.Diagnostics {
	if value == "" {
		return nil
	}
	if err := check.check(value); err != nil {
		return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(path.Root(attr), "Invalid provider setting",
			strings.TrimSuffix(err.Error(), ".")+fromEnv(env)+".")}
	}
	return nil
}

// fromEnv completes a message about a setting's value that came from env.
func fromEnv(env string) string {
	return " (from the " + env + " environment variable, as the provider block does not set it)"
}

var (
	maxRetriesRule        = wholeNumber(0, 20, connectwise.DefaultMaxRetries)
	requestsPerMinuteRule = wholeNumber(1, 6000, connectwise.DefaultRequestsPerMinute)
)

// intSetting reads a whole-number setting from the configuration (checked by its
// validator) or else from its environment variable, checked here by the same rule.
func intSetting(v types.Number, attr, env string, rule numberRule, def int) (int, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !v.IsNull() && !v.IsUnknown() {
		if d := rule.check(path.Root(attr), v); d != nil {
			diags.Append(d)
		}
		return int(numberInt64(v)), diags
	}
	raw := strings.TrimSpace(os.Getenv(env))
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || !rule.accepts(new(big.Float).SetInt64(int64(n))) {
		diags.AddAttributeError(path.Root(attr), "Invalid provider setting",
			fmt.Sprintf("%s must be %s; got %q%s.", attr, rule.accepted, raw, fromEnv(env)))
	}
	return n, diags
}

// durationSetting reads a duration setting from the configuration or else from its
// environment variable; both are checked by checkRetryMaxWait.
func durationSetting(v types.String, attr, env string, def time.Duration) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw, source := v.ValueString(), ""
	if v.IsNull() || v.IsUnknown() {
		raw, source = strings.TrimSpace(os.Getenv(env)), fromEnv(env)
	}
	if raw == "" {
		return def, nil
	}
	d, err := parseRetryMaxWait(raw)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid provider setting", attr+" "+err.Error()+source+".")
	}
	return d, diags
}

func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-connectwise/" + providerVersion + " (+https://registry.terraform.io/providers/mspkit/connectwise)"
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
