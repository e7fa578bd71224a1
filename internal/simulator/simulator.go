package simulator

import (
	"math/rand"
	"net/http"
	"sync"
	"time"
)

// The credentials a simulator accepts when Options leave them empty, and a clientId in
// the GUID form it accepts when Options.ClientID is empty. Tests (simtest.Config), the
// command and the demo sign in with these.
const (
	DefaultCompanyID  = "mspkit"
	DefaultPublicKey  = "simpublic"
	DefaultPrivateKey = "simprivate"
	DefaultClientID   = "6f1b7a0e-3c2d-4e5f-8a9b-0c1d2e3f4a5b"
)

// Options configure a Simulator. The zero value is a usable site.
type Options struct {
	CompanyID         string        // default DefaultCompanyID
	PublicKey         string        // default DefaultPublicKey
	PrivateKey        string        // default DefaultPrivateKey
	ClientID          string        // if non-empty only this clientId is accepted; else any GUID-form clientId
	Codebase          string        // default "v2025_8/"
	Latency           time.Duration // added to every API request
	RequestsPerMinute int           // 0 = no throttle; else fixed one-minute window, 429 beyond it
	Faults            Faults
	Role              Role             // nil = every permission at All
	Data              *Dataset         // nil = DefaultLookups() only (types, statuses, categories... but no companies)
	IsCloud           bool             // reported by companyinfo and /system/info
	Now               func() time.Time // default time.Now; drives _info dates, statuses, throttle windows
	Variants          Variants         // the answers to unconfirmed details; zero = DESIGN.md's choices
	HiddenCompanies   []int            // companies the API member's Level or Location hides (visibility.go)
}

// Faults are per-request probabilities (0..1) of injected failures, drawn from a
// math/rand source seeded with Seed so a given sequence of requests fails the same way.
type Faults struct {
	Seed                                                   int64
	Error500, Error503, ResetBefore, ResetAfterWrite, Slow float64
	SlowDelay                                              time.Duration
	// Answers from something in front of the API, without ConnectWise's envelope
	// (proxy_faults.go): Cloudflare's 403 block page, IIS's own 500 page, an empty 502,
	// and Cloudflare's 520-524 origin errors (one of the five at random; a 524 comes
	// after the request was applied).
	CloudflareBlock403, IISError500, Empty502, Cloudflare52x float64
}

// Levels are the four security levels of one module function: "All", "My" or "None".
type Levels struct {
	Inquire string `json:"inquire"`
	Add     string `json:"add"`
	Edit    string `json:"edit"`
	Delete  string `json:"delete"`
}

// Role maps "moduleName/moduleFunctionName" (as the ConnectWise UI shows them, e.g.
// "Finance/Agreements") to levels. A function missing from a non-nil Role is at None.
type Role map[string]Levels

// FullRole grants every module function the integration uses at All, and nothing else;
// tests weaken one part of it. (A nil Role grants every function.)
func FullRole() Role {
	all := Levels{Inquire: "All", Add: "All", Edit: "All", Delete: "All"}
	return Role{permCompanies: all, permAgreements: all, permCatalog: all, permTableSetup: all}
}

// Simulator is one simulated ConnectWise site.
type Simulator struct {
	companyID, clientID string
	keys                keyRing
	isCloud             bool
	now                 func() time.Time

	store    *Store
	doc      *apiDoc
	routes   []*route
	counters *counterSet
	throttle *throttle

	// writeMu serialises API writes so check-then-write rules (duplicate identifier,
	// cancelled agreement) are atomic, as they are in the real database.
	writeMu sync.Mutex

	book  invoiceBook // invoices created by InvoiceAgreement
	pages pageHooks   // mutations that fire between two pages of a list

	mu       sync.Mutex // guards the fields below
	codebase string
	latency  time.Duration
	role     Role
	variants Variants
	hidden   map[int]bool // company ids hidden from the API member
	faults   Faults
	rng      *rand.Rand
	proxyRNG *rand.Rand // the proxy faults' dice, apart so the others keep their sequences
}

// New builds a simulator. Missing options take the documented defaults. An invalid
// variant is a programming error and panics (the command validates its flags first).
func New(opts Options) *Simulator {
	if err := opts.Variants.validate(); err != nil {
		panic("simulator: " + err.Error())
	}
	s := &Simulator{
		companyID: orDefault(opts.CompanyID, DefaultCompanyID),
		keys:      keyRing{public: orDefault(opts.PublicKey, DefaultPublicKey), private: orDefault(opts.PrivateKey, DefaultPrivateKey)},
		clientID:  opts.ClientID,
		isCloud:   opts.IsCloud,
		now:       opts.Now,
		codebase:  normalizeCodebase(orDefault(opts.Codebase, "v2025_8/")),
		latency:   opts.Latency,
		role:      cloneRole(opts.Role),
		variants:  opts.Variants,
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.doc = loadAPIDoc()
	s.routes = buildRoutes()
	s.counters = newCounterSet()
	s.throttle = newThrottle(opts.RequestsPerMinute)
	s.setFaultsLocked(opts.Faults)
	s.SetHiddenCompanies(opts.HiddenCompanies...)
	s.store = newStore(s.now)
	data := opts.Data
	if data == nil {
		data = DefaultLookups()
	}
	s.store.load(data)
	return s
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// normalizeCodebase makes "v2025_8" and "v2025_8/" the same codebase.
func normalizeCodebase(c string) string {
	if c != "" && c[len(c)-1] != '/' {
		c += "/"
	}
	return c
}

func cloneRole(r Role) Role {
	if r == nil {
		return nil
	}
	out := make(Role, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

// Handler serves the API, including /login/companyinfo/{companyId}.
func (s *Simulator) Handler() http.Handler { return http.HandlerFunc(s.serveAPI) }

// AdminHandler serves the admin endpoints (counters, store, faults, role...).
func (s *Simulator) AdminHandler() http.Handler { return s.adminMux() }

// Store is the simulator's data, for tests and for "a person in the UI" edits.
func (s *Simulator) Store() *Store { return s.store }

// Counters returns a snapshot of the request counters.
func (s *Simulator) Counters() Counters { return s.counters.snapshot() }

// ResetCounters sets every counter back to zero.
func (s *Simulator) ResetCounters() { s.counters.reset() }

// SetFaults replaces the fault probabilities and reseeds the fault source.
func (s *Simulator) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaultsLocked(f)
}

func (s *Simulator) setFaultsLocked(f Faults) {
	s.faults = f
	s.rng = rand.New(rand.NewSource(f.Seed)) //nolint:gosec // G404: fault injection is deliberately seeded and reproducible, not security-sensitive
	// The proxy faults draw from their own source, so adding them left the other sequences.
	s.proxyRNG = rand.New(rand.NewSource(f.Seed ^ 0x5eed52)) //nolint:gosec // G404: as above
}

// SetRole replaces the API member's security role (nil = every permission at All).
func (s *Simulator) SetRole(r Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.role = cloneRole(r)
}

// SetCodebase moves the site to another codebase, as hosted sites do on upgrade.
// Clients that cached the old codebase then get 404 and must re-discover.
func (s *Simulator) SetCodebase(c string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codebase = normalizeCodebase(c)
}

// SetLatency changes the delay added to every API request.
func (s *Simulator) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// ThrottleNext makes the next n API requests answer 429 with Retry-After (rounded up to
// whole seconds, at least 1).
func (s *Simulator) ThrottleNext(n int, retryAfter time.Duration) {
	s.throttle.forceNext(n, retryAfter)
}

// SetThrottle allows n API requests per fixed window (a minute when window is 0, as
// ConnectWise counts; shorter windows keep tests fast) and answers 429 beyond it, with
// Retry-After the seconds left in the window. n <= 0 removes the limit.
func (s *Simulator) SetThrottle(n int, window time.Duration) {
	s.throttle.setBudget(n, window)
}

func (s *Simulator) currentCodebase() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.codebase
}

func (s *Simulator) currentLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

func (s *Simulator) currentRole() Role {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.role
}
