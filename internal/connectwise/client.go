package connectwise

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Client talks to one ConnectWise site as one API member. It is safe for
// concurrent use.
type Client struct {
	cfg        *settings
	httpClient *http.Client
	logger     Logger
	auth       string   // Authorization header value; never logged
	secrets    []string // values redacted from every log field

	mu              sync.Mutex // guards codebase and lastRediscovery
	codebase        string
	lastRediscovery time.Time
	discovering     chan struct{} // one discovery at a time; a channel so waiting honours the context
	dialect         filterDialect // how this site wants the filters whose form is unconfirmed
	cloud           atomic.Bool   // from discovery (or the host): a 404 may then mean bad credentials

	gate    throttleGate  // one Retry-After pause for every request of the client
	refusal refusal       // the 401 after which nothing more is sent (breaker.go)
	limiter *rate.Limiter // nil: no client-side rate limit

	System          *SystemService
	Companies       *CompanyService
	CompanyTypes    *LookupService
	CompanyStatuses *LookupService
	Agreements      *AgreementService
	AgreementTypes  *LookupService
	Additions       *AdditionService
	Catalog         *CatalogService
	Procurement     *ProcurementService
}

// New validates cfg and builds a Client. It does no network I/O: the
// codebase is discovered on the first call (unless cfg.Codebase is set).
func New(cfg Config) (*Client, error) {
	s, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:         s,
		logger:      cfg.Logger,
		codebase:    s.Codebase,
		discovering: make(chan struct{}, 1),
	}
	c.cloud.Store(isCloudHost(s.site.url.Hostname()))
	c.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.CompanyID+"+"+cfg.PublicKey+":"+cfg.PrivateKey))
	c.secrets = []string{cfg.PrivateKey, c.auth, c.auth[len("Basic "):]}

	c.limiter = newLimiter(s.RequestsPerMinute)
	timeout := s.RequestTimeout
	if s.HTTPClient != nil && s.HTTPClient.Timeout > 0 {
		timeout = s.HTTPClient.Timeout
	}
	// The timeout is the transport's, not the http.Client's: it bounds
	// the attempt, not the wait for the throttle gate or the rate limit.
	rt := &throttleTransport{c: c, timeout: timeout, next: &logTransport{c: c, next: baseTransport(s)}}
	hc := &http.Client{Transport: rt}
	if s.HTTPClient != nil {
		hc.Jar = s.HTTPClient.Jar
	}
	// ConnectWise does not redirect API calls; a redirect means the site URL
	// points at something else (a login page, a proxy). Report it instead
	// of following it with our credentials.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.httpClient = hc

	c.System = &SystemService{c: c}
	c.Companies = &CompanyService{c: c}
	c.CompanyTypes = &LookupService{c: c, path: "/company/companies/types"}
	c.CompanyStatuses = &LookupService{c: c, path: "/company/companies/statuses"}
	c.Agreements = &AgreementService{c: c}
	c.AgreementTypes = &LookupService{c: c, path: "/finance/agreements/types"}
	c.Additions = &AdditionService{c: c}
	c.Catalog = &CatalogService{c: c}
	c.Procurement = &ProcurementService{
		Categories:     &LookupService{c: c, path: "/procurement/categories"},
		Subcategories:  &LookupService{c: c, path: "/procurement/subcategories"},
		ProductTypes:   &LookupService{c: c, path: "/procurement/types"},
		UnitOfMeasures: &LookupService{c: c, path: "/procurement/unitOfMeasures"},
		Manufacturers:  &LookupService{c: c, path: "/procurement/manufacturers"},
	}
	return c, nil
}

// SiteURL is the normalised site, e.g. https://api-na.myconnectwise.net.
func (c *Client) SiteURL() string { return c.cfg.site.url.String() }

// Codebase is the configured or discovered codebase, "" before discovery.
func (c *Client) Codebase() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.codebase
}

// BaseURL is the API root, e.g. https://host/v2025_8/apis/3.0, or "" while
// the codebase is not known yet.
func (c *Client) BaseURL() string {
	cb := c.Codebase()
	if cb == "" {
		return ""
	}
	return c.baseFor(cb)
}

func (c *Client) baseFor(codebase string) string {
	return c.cfg.site.url.String() + "/" + codebase + "apis/3.0"
}

func (c *Client) String() string {
	return fmt.Sprintf("connectwise.Client{%s company %q}", c.SiteURL(), c.cfg.CompanyID)
}
