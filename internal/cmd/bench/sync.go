package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const syncRPM = "6000" // requests_per_minute of the measured sync: the count, not the pace, is measured

type syncResult struct {
	label             string
	invoke            result
	additionsReads    int
	writes, readBacks int
	batchedReads      int
	byRoute           map[string]int
}

// floor is what the run cannot do without: the batched reads, one additions read per active
// agreement and one request per write. The read-backs (one per agreement created on, the
// race check) are beside it.
func (r syncResult) floor() int { return r.additionsReads + r.writes + r.batchedReads }

// syncRun is `terraform apply -invoke` of the sync for -sync-customers customers x 3 SKUs
// (every tenth agreement cancelled), measured three times: the first sync, which creates
// every addition (and reads each agreement back once); then 10% of the customers'
// quantities change, so the run reads every active agreement's additions and patches a
// tenth of them; then nothing changes.
func (b *bench) syncRun() ([]syncResult, error) {
	var res []syncResult
	n := b.opts.syncCustomers
	d := newSyncData()
	cs := d.addCustomers(0, n)
	dataFile, err := b.writeData("sync", d)
	if err != nil {
		return res, err
	}
	s, err := b.startSimulator("sync", "-data", dataFile)
	if err != nil {
		return res, err
	}
	defer s.stop()

	dir := filepath.Join(b.work, "sync")
	if err := d.writeSync(dir, cs); err != nil {
		return res, err
	}
	// Set-up, fast: no latency, the highest client-side limit.
	fast := b.terraform(b.opts.terraformLatest, dir, s, "CONNECTWISE_REQUESTS_PER_MINUTE=6000")
	if b.opts.seedStates {
		fmt.Fprintf(os.Stderr, "sync: seeding the state of %d mappings\n", n)
		if err := b.seedSync(fast, s, d, cs); err != nil {
			return res, err
		}
	} else {
		fmt.Fprintf(os.Stderr, "sync: applying %d mappings\n", n)
		if _, err := fast.run(nil, applyArgs...); err != nil {
			return res, err
		}
	}
	if err := cs.cancel(s); err != nil {
		return res, err
	}
	if err := s.setLatency(b.opts.latency); err != nil {
		return res, err
	}
	measuredTF := b.terraform(b.opts.terraformLatest, dir, s, "CONNECTWISE_REQUESTS_PER_MINUTE="+syncRPM)
	for _, run := range []struct {
		label       string
		changeEvery int
		createsOn   int // agreements the run creates on: one read-back each
	}{
		{"first sync: every addition created", 0, cs.active},
		{"10% of the customers' quantities changed", 10, 0},
		{"nothing changed", 10, 0},
	} {
		if err := writeUsage(dir, n, run.changeEvery); err != nil {
			return res, err
		}
		fmt.Fprintln(os.Stderr, "sync: measuring the", run.label)
		r := syncResult{label: run.label, additionsReads: cs.active, readBacks: run.createsOn, batchedReads: cs.batchedReads(d.itemIDs)}
		if r.invoke, err = measured(s, measuredTF, nil, invokeArgs...); err != nil {
			return res, err
		}
		c, err := s.counters()
		if err != nil {
			return res, err
		}
		r.byRoute, r.writes = c.ByRoute, additionWrites(c)
		res = append(res, r)
	}
	return res, nil
}

// additionWrites are the writes to additions the site took: a 429 writes nothing.
func additionWrites(c counters) int {
	writes := 0
	for route, byStatus := range c.ByRouteStatus {
		if strings.HasPrefix(route, "PATCH /finance/agreements/{parentId}/additions") ||
			strings.HasPrefix(route, "PUT /finance/agreements/{parentId}/additions") ||
			strings.HasPrefix(route, "DELETE /finance/agreements/{parentId}/additions") ||
			route == "POST /finance/agreements/{parentId}/additions" {
			for status, n := range byStatus {
				if status != http.StatusTooManyRequests {
					writes += n
				}
			}
		}
	}
	return writes
}

func printSync(w io.Writer, o options, rs []syncResult) {
	_, _ = fmt.Fprintf(w, "\nSync: terraform apply -invoke (%s), %d customers x %d SKUs (every tenth agreement cancelled), %s latency, requests_per_minute %s\n\n",
		o.terraformLatest, o.syncCustomers, len(syncSKUs), o.latency, syncRPM)
	_, _ = fmt.Fprintln(w, "| run | requests | floor (additions lists + writes + batched reads) | read-backs (one per agreement created on) | requests / (floor + read-backs) | wall | provider CPU |")
	_, _ = fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range rs {
		_, _ = fmt.Fprintf(w, "| %s | %d | %d (%d + %d + %d) | %d | %.3f× | %s | %s |\n", r.label, r.invoke.requests, r.floor(),
			r.additionsReads, r.writes, r.batchedReads, r.readBacks, float64(r.invoke.requests)/float64(r.floor()+r.readBacks),
			seconds(r.invoke.wall), seconds(r.invoke.providerCPU))
	}
	for _, r := range rs {
		_, _ = fmt.Fprintf(w, "\n%s, by route: %v\n", r.label, r.byRoute)
	}
}

// seedSync gives the sync's configuration the state of all its mappings without a first
// apply of all of them, as -seed-states does for the plans: at 10,000 mappings that apply
// alone costs Terraform's local backend about half an hour.
func (b *bench) seedSync(t tf, s *simulator, d *syncData, cs customerSet) error {
	toks, err := siteTokens(s, cs.mappings)
	if err != nil {
		return err
	}
	write := func(ms []mapping) error {
		sub := cs
		sub.mappings = ms
		return d.writeSync(t.dir, sub)
	}
	_, err = b.seedDir(t, layoutForEach, min(seedMappings, len(cs.mappings)), toks, write, cs.mappings)
	return err
}
