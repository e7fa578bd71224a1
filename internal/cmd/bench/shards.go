package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The shards: several states, each mapping and syncing customers of its own, invoked at
// once against one site whose throttle counts them all together (ConnectWise throttles a
// site, not an API member). Whether the states must split the site's budget between them
// is what the two runs show.

// shard is one state: its working directory and its customers.
type shard struct {
	dir       string
	customers customerSet
}

// shardResult is one run: the first sync of every shard at once, summed over the shards as
// a syncResult (invoke.wall from the first start to the last end), and what the site bills
// afterwards.
type shardResult struct {
	syncResult
	perShard         int // each shard's requests_per_minute
	walls            []time.Duration
	throttled        int // 429s
	insideRetryAfter int
	duplicates       int
	billedWrong      int
}

func (b *bench) shardRuns() error {
	o := b.opts
	d := newSyncData()
	shards := make([]shard, o.shards)
	for k := range shards {
		shards[k] = shard{dir: filepath.Join(b.work, fmt.Sprintf("shard-%d", k)), customers: d.addCustomers(k*o.shardCustomers, o.shardCustomers)}
		if err := d.writeSync(shards[k].dir, shards[k].customers); err != nil {
			return err
		}
	}
	dataFile, err := b.writeData("shards", d)
	if err != nil {
		return err
	}
	s, err := b.startSimulator("shards", "-data", dataFile)
	if err != nil {
		return err
	}
	defer func() { s.stop() }() // the simulator of the last run
	fmt.Fprintf(os.Stderr, "shards: applying %d x %d mappings\n", o.shards, o.shardCustomers)
	if _, _, err := b.allShards(s, shards, 6000, applyArgs); err != nil {
		return err
	}
	// Each client's limiter counts its burst within the minute (connectwise.newLimiter), so
	// N clients at budget/N stay within the budget together in any window.
	var res []shardResult
	var runs []shardRunKind
	for _, r := range []shardRunKind{
		{"share", "each shard its share", min(max(o.siteBudget/o.shards, 1), 6000)},
		{"alone", "no share: each shard as if alone", min(o.siteBudget, 6000)},
	} {
		if slices.Contains(o.shardRuns, r.key) {
			runs = append(runs, r)
		}
	}
	for i, run := range runs {
		if i > 0 {
			// No additions yet, the same IDs: the shards' states still hold.
			s.stop()
			if s, err = b.startSimulator("shards", "-data", dataFile); err != nil {
				return err
			}
		}
		r, err := b.shardSync(s, d, shards, run.label, run.perShard)
		res = append(res, r)
		if err != nil {
			printShards(os.Stdout, o, res)
			return fmt.Errorf("shards, %s: %w", run.label, err)
		}
	}
	printShards(os.Stdout, o, res)
	return nil
}

// shardSync measures the first sync of every shard, started at once, on a site throttled
// to the budget with the mappings applied and their agreements cancelled where due.
func (b *bench) shardSync(s *simulator, d *syncData, shards []shard, label string, perShard int) (shardResult, error) {
	r := shardResult{syncResult: syncResult{label: label}, perShard: perShard}
	for _, sh := range shards {
		if err := sh.customers.cancel(s); err != nil {
			return r, err
		}
		r.additionsReads += sh.customers.active
		r.readBacks += sh.customers.active
		r.batchedReads += sh.customers.batchedReads(d.itemIDs)
	}
	if err := s.setLatency(b.opts.latency); err != nil {
		return r, err
	}
	if err := s.setBudget(b.opts.siteBudget); err != nil {
		return r, err
	}
	if err := s.reset(); err != nil {
		return r, err
	}
	fmt.Fprintf(os.Stderr, "shards: %s, requests_per_minute %d each\n", label, perShard)
	var runErr error
	r.walls, r.invoke.wall, runErr = b.allShards(s, shards, perShard, invokeArgs)
	c, err := s.counters()
	if err != nil {
		return r, errors.Join(runErr, err)
	}
	r.invoke.requests, r.byRoute, r.writes = c.Total, c.ByRoute, additionWrites(c)
	r.throttled, r.insideRetryAfter = c.ByStatus[429], c.InsideRetryAfter
	additions, err := s.list("additions")
	if err != nil {
		return r, errors.Join(runErr, err)
	}
	r.duplicates, r.billedWrong = billing(additions, shards, d.itemIDs)
	return r, runErr
}

// allShards runs the command in every shard at once, a process each, and returns each
// one's wall and the wall from the first start to the last end.
func (b *bench) allShards(s *simulator, shards []shard, perMinute int, args []string) ([]time.Duration, time.Duration, error) {
	walls := make([]time.Duration, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	start := time.Now()
	for k, sh := range shards {
		t := b.terraform(b.opts.terraformLatest, sh.dir, s, fmt.Sprintf("CONNECTWISE_REQUESTS_PER_MINUTE=%d", perMinute))
		t.cpu = filepath.Join(sh.dir, "provider-cpu.txt") // one file per process at once
		wg.Go(func() {
			r, err := t.run(nil, args...)
			walls[k] = r.wall
			if err != nil {
				errs[k] = fmt.Errorf("shard %d: %w", k, err)
			}
		})
	}
	wg.Wait()
	return walls, time.Since(start), errors.Join(errs...)
}

// billing counts what the site bills wrong after a first sync. A duplicate is an
// agreement and product with more than one live addition; an agreement is billed wrong
// unless it has exactly one live addition of the usage's quantity per SKU when active, and
// none when cancelled.
func billing(additions []map[string]any, shards []shard, itemIDs []int) (duplicates, wrong int) {
	type key struct{ agreement, product int }
	live := map[key][]float64{}
	liveOn := map[int]int{}
	for _, a := range additions {
		if c := a["cancelledDate"]; c != nil && c != "" {
			continue
		}
		product, _ := a["product"].(map[string]any)
		k := key{id(a["agreementId"]), id(product["id"])}
		q, _ := a["quantity"].(float64)
		live[k] = append(live[k], q)
		liveOn[k.agreement]++
	}
	for _, qs := range live {
		if len(qs) > 1 {
			duplicates++
		}
	}
	for _, sh := range shards {
		for i, aid := range sh.customers.agreementIDs {
			ok := liveOn[aid] == 0
			if !cancelled(i) {
				ok = liveOn[aid] == len(itemIDs)
				for j, item := range itemIDs {
					qs := live[key{aid, item}]
					ok = ok && len(qs) == 1 && qs[0] == usageQuantity(i, j, 0)
				}
			}
			if !ok {
				wrong++
			}
		}
	}
	return duplicates, wrong
}

func printShards(w io.Writer, o options, rs []shardResult) {
	_, _ = fmt.Fprintf(w, "\nShards: %d states of %d customers x %d SKUs each (every tenth agreement cancelled), the first sync of each (terraform apply -invoke, %s) started at once on one site that allows %d requests per minute (a fixed one-minute window), %s latency\n\n",
		o.shards, o.shardCustomers, len(syncSKUs), o.terraformLatest, o.siteBudget, o.latency)
	_, _ = fmt.Fprintln(w, "| run | requests_per_minute per shard | requests | floor (additions lists + writes + batched reads + read-backs) | requests / floor | 429s | sent inside a Retry-After | wall (first start to last end) | shard walls | floor ÷ site budget | wall ÷ (floor ÷ budget) | duplicate additions | agreements billed wrong |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		floor := r.floor() + r.readBacks
		ideal := time.Duration(float64(floor) / float64(o.siteBudget) * float64(time.Minute))
		walls := make([]string, len(r.walls))
		for i, d := range r.walls {
			walls[i] = fmt.Sprintf("%.1f", d.Seconds())
		}
		_, _ = fmt.Fprintf(w, "| %s | %d | %d | %d (%d + %d + %d + %d) | %.3f× | %d | %d | %s | %s s | %.2f min | %s | %d | %d |\n",
			r.label, r.perShard, r.invoke.requests, floor, r.additionsReads, r.writes, r.batchedReads, r.readBacks,
			float64(r.invoke.requests)/float64(floor), r.throttled, r.insideRetryAfter, seconds(r.invoke.wall),
			strings.Join(walls, " / "), ideal.Minutes(), ratio(r.invoke.wall, ideal), r.duplicates, r.billedWrong)
	}
	_, _ = fmt.Fprintln(w, "\nwrites: accepted writes to additions (a 429 writes nothing); sent inside a Retry-After: requests that arrived while a Retry-After the site had announced, to any shard, was running.")
	for _, r := range rs {
		_, _ = fmt.Fprintf(w, "\n%s, by route: %v\n", r.label, r.byRoute)
	}
}

// shardRunKind is one of the shard measurements -shard-runs selects.
type shardRunKind struct {
	key, label string
	perShard   int
}
