package connectwise

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Defaults for the optional Config fields.
const (
	DefaultAPIVersion        = "2025.8"
	DefaultMaxRetries        = 4
	DefaultRetryWaitMin      = 500 * time.Millisecond
	DefaultRetryWaitMax      = 30 * time.Second
	DefaultRequestsPerMinute = 600 // well under the ~1000/min at which ConnectWise throttles
	DefaultRequestTimeout    = 2 * time.Minute
	DefaultRetryMaxWait      = 5 * time.Minute
	DefaultUserAgent         = "terraform-provider-connectwise"
)

// Config holds what New needs. Only SiteURL, CompanyID, PublicKey,
// PrivateKey and ClientID are required.
type Config struct {
	SiteURL, CompanyID, PublicKey, PrivateKey, ClientID string

	// Codebase such as "v2025_8/". Discovered through /login/companyinfo
	// when empty (and re-discovered once after an unexpected 404).
	Codebase string
	// APIVersion pins the response model through the Accept header.
	APIVersion string
	// CACertPEM holds extra trusted roots (an on-premises private CA),
	// appended to the system roots.
	CACertPEM []byte
	// HTTPClient is an optional base client; its Transport is wrapped by
	// the rate limiter and the retry logic.
	HTTPClient *http.Client
	UserAgent  string

	// MaxRetries bounds the retries of one call after a 5xx or a
	// connection error; retries after a 429 are bounded by RetryMaxWait
	// instead. 0 means DefaultMaxRetries; negative disables every retry,
	// 429 included.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the jittered exponential backoff
	// between retries after a 5xx or a connection error.
	RetryWaitMin, RetryWaitMax time.Duration
	// RequestsPerMinute is the client-side limit: 0 means the default,
	// negative disables the limiter.
	RequestsPerMinute int
	// RequestTimeout bounds one HTTP attempt from when it is sent; waiting
	// for a Retry-After or the rate limiter does not count
	// (0: DefaultRequestTimeout; HTTPClient.Timeout, when set, wins).
	RequestTimeout time.Duration
	// RetryMaxWait bounds how long one call may keep retrying, counted
	// from its start, throttle pauses included (0: DefaultRetryMaxWait).
	// When ConnectWise's Retry-After would end past it, the call fails at
	// once with a *RetryBudgetError. The call's context ends any wait
	// sooner.
	RetryMaxWait time.Duration

	// Logger receives Debug and Trace lines; nil is silent.
	Logger Logger
}

// String keeps the private key out of any accidental %v of a Config.
func (c Config) String() string {
	return fmt.Sprintf("connectwise.Config{SiteURL:%q CompanyID:%q PublicKey:%q PrivateKey:<redacted> ClientID:%q Codebase:%q}",
		c.SiteURL, c.CompanyID, c.PublicKey, c.ClientID, c.Codebase)
}

// GoString does the same for %#v.
func (c Config) GoString() string { return c.String() }

// ConfigError names one invalid Config field.
type ConfigError struct {
	Field   string // Config field name, e.g. "ClientID"
	Message string // a sentence a user can act on
}

func (e *ConfigError) Error() string { return e.Field + ": " + e.Message }

// ConfigErrors is what New returns when the Config is invalid: every
// problem at once, so a user can fix them in one go.
type ConfigErrors []*ConfigError

func (e ConfigErrors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Error()
	}
	return "invalid ConnectWise configuration: " + strings.Join(parts, "; ")
}

// Unwrap lets errors.As find each *ConfigError.
func (e ConfigErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, fe := range e {
		out[i] = fe
	}
	return out
}

var (
	guidRE       = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	codebaseRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*/$`)
	apiVersionRE = regexp.MustCompile(`^[0-9]{4}\.[0-9]{1,2}$`)
)

// settings is a validated, defaulted Config.
type settings struct {
	Config
	site           siteInfo
	codebasePinned bool
	roots          *x509.CertPool // nil: system roots only
}

func validate(cfg Config) (*settings, error) {
	var errs ConfigErrors
	add := func(field, format string, args ...any) {
		errs = append(errs, &ConfigError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	s := &settings{Config: cfg}

	if site, err := parseSiteURL(cfg.SiteURL); err != nil {
		add("SiteURL", "%s", err.Error())
	} else {
		s.site = site
	}

	for _, f := range []struct{ field, problem string }{
		{"CompanyID", CompanyIDProblem(cfg.CompanyID)},
		{"PublicKey", PublicKeyProblem(cfg.PublicKey)},
		{"PrivateKey", PrivateKeyProblem(cfg.PrivateKey)},
	} {
		if f.problem != "" {
			add(f.field, "%s", f.problem)
		}
	}
	switch {
	case cfg.ClientID == "":
		add("ClientID", "the clientId is empty; register the integration at https://developer.connectwise.com/ClientID and write the GUID it gives, e.g. 3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f")
	case !guidRE.MatchString(cfg.ClientID):
		add("ClientID", "the clientId %q is not a GUID; write it as 8-4-4-4-12 hexadecimal digits, e.g. 3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f", cfg.ClientID)
	}

	// A codebase pasted with the site URL counts as configured, unless
	// Codebase says otherwise.
	if cfg.Codebase == "" && s.site.codebase != "" {
		s.Codebase = s.site.codebase
	}
	if s.Codebase != "" {
		cb := strings.Trim(s.Codebase, " ")
		cb = strings.TrimPrefix(cb, "/")
		if !strings.HasSuffix(cb, "/") {
			cb += "/"
		}
		if !codebaseRE.MatchString(cb) {
			add("Codebase", "the codebase %q is not valid; write it like v2025_8/ or v4_6_release/, or leave it empty to discover it", s.Codebase)
		}
		s.Codebase = cb
		s.codebasePinned = true
	}

	if s.APIVersion == "" {
		s.APIVersion = DefaultAPIVersion
	} else if !apiVersionRE.MatchString(s.APIVersion) {
		add("APIVersion", "the API version %q is not valid; write it like %s", s.APIVersion, DefaultAPIVersion)
	}

	if len(cfg.CACertPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(cfg.CACertPEM) {
			add("CACertPEM", "the CA certificate contains no PEM certificate; paste the certificate including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines")
		} else {
			s.roots = pool
			if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
				if _, ok := cfg.HTTPClient.Transport.(*http.Transport); !ok {
					add("CACertPEM", "a CA certificate can only be added when HTTPClient uses an *http.Transport")
				}
			}
		}
	}

	switch {
	case s.MaxRetries == 0:
		s.MaxRetries = DefaultMaxRetries
	case s.MaxRetries < 0:
		s.MaxRetries = 0
	}
	if s.RetryWaitMin <= 0 {
		s.RetryWaitMin = DefaultRetryWaitMin
	}
	if s.RetryWaitMax <= 0 {
		s.RetryWaitMax = DefaultRetryWaitMax
	}
	if s.RetryWaitMin > s.RetryWaitMax {
		add("RetryWaitMin", "the minimum retry wait (%s) is longer than the maximum (%s)", s.RetryWaitMin, s.RetryWaitMax)
	}
	if s.RequestsPerMinute == 0 {
		s.RequestsPerMinute = DefaultRequestsPerMinute
	}
	if s.RequestTimeout <= 0 {
		s.RequestTimeout = DefaultRequestTimeout
	}
	if s.RetryMaxWait <= 0 {
		s.RetryMaxWait = DefaultRetryMaxWait
	}
	if s.UserAgent == "" {
		s.UserAgent = DefaultUserAgent
	} else if strings.ContainsAny(s.UserAgent, "\r\n") {
		add("UserAgent", "the user agent must be a single line")
	}

	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// CompanyIDProblem, PublicKeyProblem and PrivateKeyProblem return why v cannot be that
// part of the credentials, or "": the checks New applies, for callers that report a bad
// value before they build a client.
func CompanyIDProblem(v string) string {
	if msg := checkToken(v, "/+:?#%"); msg != "" {
		return "the company ID " + msg + "; write the company name you type on the ConnectWise login page"
	}
	return ""
}

func PublicKeyProblem(v string) string {
	if msg := checkToken(v, ":"); msg != "" {
		return "the public key " + msg + "; copy it from the API member's API Keys tab"
	}
	return ""
}

// PrivateKeyProblem never echoes the value: it is secret.
func PrivateKeyProblem(v string) string {
	if msg := checkToken(v, ""); msg != "" {
		return "the private key " + msg + "; copy it from the API member's API Keys tab (it is shown only once, when the key is created)"
	}
	return ""
}

// checkToken returns why v is not a usable credential part, or "".
func checkToken(v, forbidden string) string {
	if v == "" {
		return "is empty"
	}
	if strings.TrimSpace(v) != v {
		return "has leading or trailing spaces"
	}
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "contains a space or control character"
		}
		if strings.ContainsRune(forbidden, r) {
			return fmt.Sprintf("contains the character %q, which cannot appear in it", r)
		}
	}
	return ""
}
