// Command bench measures what a plan of many customer mappings costs, as a new user would
// see it, against the ConnectWise simulator with 20 ms of latency per request:
//
//	make bench                                   # N = 250, 1000, 4000 and the sync
//	go run ./internal/cmd/bench -sizes 1000 -repeat 3 -sync=false
//	make bench-shards                            # 4 states syncing on one throttled site
//	make bench-10k                               # 10,000 mappings in one state
//
// It builds the provider, the floor provider (internal/cmd/floorprovider) and the simulator,
// runs the simulator as a separate process (so its own CPU is never counted) and points
// Terraform at the builds through dev_overrides in a throwaway CLI configuration. For each N
// it applies N customer mappings (and one integration and one product mapping), then plans
// them with and without refresh, alternating the kinds of plan -repeat times; the median is
// reported. Each plan is timed beside the same configuration with terraform_data in place of
// each resource (the same locals, the same for_each and references: what Terraform alone
// costs), and the refresh plan also beside the floor provider's mappings in both its modes
// (FLOOR_PROVIDER=framework, then protocol: what a provider that does no work costs on
// terraform-plugin-framework and on terraform-plugin-go alone); -floors=false skips those,
// -floor-modes=framework the protocol mode.
// The provider's CPU time is its own rusage (CONNECTWISE_DEBUG_CPU_FILE, see internal/debugcpu),
// summed over the provider processes of one command. -terraform takes several CLIs,
// comma-separated: each size is measured on each, and the table names the version.
//
// The sync (-sync-customers, 2,000 by default, x 3 SKUs, 10% of the quantities changed)
// runs as `terraform apply -invoke` on Terraform 1.14 or later (-terraform-latest, built
// by make terraform-latest) and is skipped without it.
//
// -shards N measures N states, each with its own -shard-customers customers, whose first
// syncs start at once on one site that throttles them together (-site-budget requests per
// minute in a fixed window, as ConnectWise counts a site): once with each state's
// requests_per_minute at its share of the budget, once at the whole budget, as a state
// alone would have it. Beside requests, 429s and wall time against the budget's floor, it
// checks that no agreement is billed twice or wrongly.
//
// -seed-states applies each configuration for its first 3 mappings only and clones one of
// their instances for the others (seedstate.go): the plans need the state a first apply of
// N writes, not the half hour such an apply costs Terraform at 10,000 mappings. The table
// then says the states were seeded.
//
// -layout static writes one block per mapping (as terraform query generates them) instead
// of for_each over a locals map, in every configuration alike.
//
// The figures go to stdout as a table; -cpuprofile writes a pprof CPU profile of the
// provider during the refresh plan of the largest N.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	sim "github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	sizes           []int
	repeat          int
	latency         time.Duration
	terraform       []string // the CLIs every size is planned on
	terraformLatest string
	sync            bool
	syncCustomers   int
	shards          int
	shardCustomers  int
	siteBudget      int
	shardRuns       []string
	floors          bool     // any floor mode measured
	floorModes      []string // FLOOR_PROVIDER values measured, the first applies
	seedStates      bool
	checkStates     bool
	layout          string
	cpuProfile      string
	keep            bool
}

func run() error {
	var o options
	sizes := flag.String("sizes", "250,1000,4000", "numbers of customer mappings, comma-separated; none: measure the sync only")
	flag.IntVar(&o.repeat, "repeat", 2, "plans of each kind per size (median reported)")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the simulator adds to every request")
	terraform := flag.String("terraform", "terraform", "Terraform CLIs for the plans, comma-separated: each size is planned on each")
	flag.StringVar(&o.terraformLatest, "terraform-latest", "bin/terraform-1.16.4/terraform", "Terraform >= 1.14 for the sync and the shards (skipped when absent)")
	flag.BoolVar(&o.sync, "sync", true, "measure the sync of -sync-customers customers x 3 SKUs")
	flag.IntVar(&o.syncCustomers, "sync-customers", 2000, "customers of the sync")
	flag.IntVar(&o.shards, "shards", 0, "states syncing their own customers at once on one throttled site (0: not measured)")
	flag.IntVar(&o.shardCustomers, "shard-customers", 2500, "customers of each shard")
	flag.IntVar(&o.siteBudget, "site-budget", 6000, "requests per minute the simulator allows the whole site in the shards' runs")
	shardRuns := flag.String("shard-runs", "share,alone", "the shard runs to measure: share (each shard budget/N), alone (each the whole budget), comma-separated")
	flag.StringVar(&o.layout, "layout", layoutForEach, "how the mappings are written: for_each (over a locals map) or static (one block per mapping, as terraform query writes them)")
	flag.BoolVar(&o.floors, "floors", true, "also plan the floor provider's mappings (framework and protocol modes)")
	floorModes := flag.String("floor-modes", "framework,protocol", "the floor provider's modes measured, comma-separated (framework, protocol)")
	flag.BoolVar(&o.seedStates, "seed-states", false, "apply 3 mappings of each configuration and clone their state for the rest instead of applying all")
	flag.BoolVar(&o.checkStates, "check-states", false, "before the plans, check that each state plans no changes (terraform plan -detailed-exitcode, with refresh and without)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a pprof CPU profile of the provider (refresh plan of the largest size) here")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory")
	flag.Parse()
	for _, t := range strings.Split(*terraform, ",") {
		if t = strings.TrimSpace(t); t != "" {
			o.terraform = append(o.terraform, t)
		}
	}
	for _, r := range strings.Split(*shardRuns, ",") {
		switch r = strings.TrimSpace(r); r {
		case "share", "alone":
			o.shardRuns = append(o.shardRuns, r)
		default:
			return fmt.Errorf("-shard-runs: %q is neither share nor alone", r)
		}
	}
	if len(o.terraform) == 0 || o.syncCustomers < 1 || o.shards < 0 || o.shardCustomers < 1 || o.siteBudget < 1 {
		return fmt.Errorf("-terraform needs a CLI; -sync-customers, -shard-customers and -site-budget must be positive, -shards not negative")
	}
	if o.layout != layoutForEach && o.layout != layoutStatic {
		return fmt.Errorf("-layout: %q is neither %s nor %s", o.layout, layoutForEach, layoutStatic)
	}
	if o.floors {
		for _, m := range strings.Split(*floorModes, ",") {
			if m = strings.TrimSpace(m); m != "framework" && m != "protocol" {
				return fmt.Errorf("-floor-modes: %q is neither framework nor protocol", m)
			}
			o.floorModes = append(o.floorModes, m)
		}
		o.floors = len(o.floorModes) > 0
	}
	for _, s := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(s) == "none" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.cpuProfile != "" {
		abs, err := filepath.Abs(o.cpuProfile)
		if err != nil {
			return err
		}
		o.cpuProfile = abs
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	work, err := os.MkdirTemp("", "connectwise-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "working directory:", work)
	} else {
		defer func() { _ = os.RemoveAll(work) }()
	}
	b := &bench{ctx: ctx, opts: o, work: work}
	if err := b.build(); err != nil {
		return err
	}
	if err := b.allPlans(); err != nil {
		return err
	}
	if !o.sync && o.shards == 0 {
		return nil
	}
	if _, err := os.Stat(o.terraformLatest); err != nil {
		fmt.Printf("\nsync and shards: skipped, no Terraform >= 1.14 at %s (make terraform-latest builds it)\n", o.terraformLatest)
		return nil
	}
	if o.sync {
		res, err := b.syncRun()
		if err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		printSync(os.Stdout, o, res)
	}
	if o.shards > 0 {
		return b.shardRuns()
	}
	return nil
}

type bench struct {
	ctx  context.Context
	opts options
	work string
	bin  string // the directory dev_overrides points at
	sim  string // the simulator binary
}

// build compiles the provider, the floor provider and the simulator into the working
// directory, and writes the CLI configuration that points Terraform at the providers.
func (b *bench) build() error {
	b.bin = filepath.Join(b.work, "bin")
	b.sim = filepath.Join(b.work, "connectwise-simulator")
	targets := []struct{ out, pkg string }{
		{filepath.Join(b.bin, "terraform-provider-connectwise"), "."},
		{b.sim, "./internal/cmd/connectwise-simulator"},
	}
	overrides := fmt.Sprintf("    \"mspkit/connectwise\" = %q\n", b.bin)
	if b.opts.floors {
		targets = append(targets, struct{ out, pkg string }{filepath.Join(b.bin, "terraform-provider-floor"), "./internal/cmd/floorprovider"})
		overrides += fmt.Sprintf("    \"mspkit/floor\" = %q\n", b.bin)
	}
	for _, target := range targets {
		cmd := exec.CommandContext(b.ctx, "go", "build", "-o", target.out, target.pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", target.pkg, err)
		}
	}
	rc := "provider_installation {\n  dev_overrides {\n" + overrides + "  }\n  direct {}\n}\n"
	return os.WriteFile(filepath.Join(b.work, "terraformrc"), []byte(rc), 0o600)
}

// simulator is a running simulator process and its admin API.
type simulator struct {
	cmd   *exec.Cmd
	url   string
	admin string
}

// startSimulator runs the simulator binary with these arguments until stop.
func (b *bench) startSimulator(name string, args ...string) (*simulator, error) {
	ready := filepath.Join(b.work, name+".ready.json")
	_ = os.Remove(ready)
	cmd := exec.CommandContext(b.ctx, b.sim, append([]string{"-addr", "127.0.0.1:0", "-ready-file", ready}, args...)...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &simulator{cmd: cmd}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		raw, err := os.ReadFile(ready) //nolint:gosec // G304: our own file
		if err == nil {
			var r struct{ URL, AdminURL string }
			if err := json.Unmarshal(raw, &r); err != nil {
				s.stop()
				return nil, err
			}
			s.url, s.admin = r.URL, r.AdminURL
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("the simulator did not start")
		}
	}
}

func (s *simulator) stop() {
	if s != nil && s.cmd.Process != nil { // nil: a restart that failed
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
}

// counters is the part of the simulator's GET /counters the bench reads.
type counters struct {
	Total            int                    `json:"total"`
	ByRoute          map[string]int         `json:"byRoute"`
	ByStatus         map[int]int            `json:"byStatus"`
	ByRouteStatus    map[string]map[int]int `json:"byRouteStatus"`
	InsideRetryAfter int                    `json:"insideRetryAfter"`
}

func (s *simulator) do(method, path, body string) ([]byte, error) {
	req, err := http.NewRequest(method, s.admin+path, strings.NewReader(body)) //nolint:noctx // local admin API
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("admin %s %s: %s %s", method, path, resp.Status, out)
	}
	return out, err
}

func (s *simulator) reset() error {
	_, err := s.do(http.MethodPost, "/counters/reset", "")
	return err
}

func (s *simulator) counters() (counters, error) {
	var c counters
	raw, err := s.do(http.MethodGet, "/counters", "")
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	return c, err
}

func (s *simulator) setLatency(d time.Duration) error {
	_, err := s.do(http.MethodPut, "/latency", fmt.Sprintf(`{"latency":%q}`, d.String()))
	return err
}

// setBudget makes the simulator answer 429 beyond perMinute requests of the whole site in
// a fixed one-minute window, as ConnectWise throttles a site.
func (s *simulator) setBudget(perMinute int) error {
	_, err := s.do(http.MethodPut, "/rate", fmt.Sprintf(`{"requestsPerMinute":%d,"windowSeconds":60}`, perMinute))
	return err
}

func (s *simulator) list(kind string) ([]map[string]any, error) {
	raw, err := s.do(http.MethodGet, "/store/"+kind, "")
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	return out, json.Unmarshal(raw, &out)
}

// tf runs one Terraform command in dir.
type tf struct {
	ctx  context.Context
	path string
	dir  string
	env  []string
	cpu  string // CONNECTWISE_DEBUG_CPU_FILE
}

// result is what one command cost.
type result struct {
	wall        time.Duration
	totalCPU    time.Duration // Terraform and the providers it waited for
	providerCPU time.Duration // the provider processes alone
	requests    int
}

func (t tf) run(extraEnv []string, args ...string) (result, error) {
	_ = os.Remove(t.cpu)
	cmd := exec.CommandContext(t.ctx, t.path, append([]string{"-chdir=" + t.dir}, args...)...)
	cmd.Env = append(append(slices.Clone(t.env), "CONNECTWISE_DEBUG_CPU_FILE="+t.cpu), extraEnv...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 3000))
	}
	r.totalCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	raw, _ := os.ReadFile(t.cpu)
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var user, system float64
		if _, err := fmt.Sscanf(line, "%g %g", &user, &system); err == nil {
			r.providerCPU += time.Duration((user + system) * float64(time.Second))
		}
	}
	return r, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

func (b *bench) terraform(path, dir string, s *simulator, extra ...string) tf {
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "terraformrc"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"CONNECTWISE_SITE_URL="+s.url, "CONNECTWISE_COMPANY_ID="+sim.DefaultCompanyID, "CONNECTWISE_PUBLIC_KEY="+sim.DefaultPublicKey,
		"CONNECTWISE_PRIVATE_KEY="+sim.DefaultPrivateKey, "CONNECTWISE_CLIENT_ID="+sim.DefaultClientID)
	return tf{ctx: b.ctx, path: path, dir: dir, env: append(env, extra...), cpu: filepath.Join(b.work, "provider-cpu.txt")}
}

// measured runs a command with the simulator's counters reset before and read after.
func measured(s *simulator, t tf, extraEnv []string, args ...string) (result, error) {
	if err := s.reset(); err != nil {
		return result{}, err
	}
	r, err := t.run(extraEnv, args...)
	if err != nil {
		return r, err
	}
	c, err := s.counters()
	r.requests = c.Total
	return r, err
}
