// Package snapshot holds what the provider reads from ConnectWise once per process (one
// plan or apply) and shares between its resources and data sources: companies, agreements
// and catalog items by ID (Loader: concurrent reads batched into one `id in (...)` list,
// and the whole collection listed once when a plan reads many), and the setup tables
// resolved by name or ID (Lookups). It knows nothing of Terraform.
package snapshot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// batchWindow is how long a read waits for other reads of the same kind to join its batch.
// Terraform refreshes up to 10 resources at once (-parallelism); waiting a few milliseconds
// turns their ten GETs into one `id in (...)` list call.
const (
	batchWindow  = 15 * time.Millisecond
	maxBatchSize = 200
)

// The switch from reads by ID to one listing of the whole collection (a snapshot). Terraform
// reads at most 10 resources at once, so a by-ID call carries about 10 IDs: 1,000 mappings
// cost 100 calls per kind, while listing 1,500 companies costs 2 (plus a count). The
// loader cannot know how many reads a plan will make, so it decides in two steps:
//
//   - after countAfterCalls by-ID calls it counts the collection: pages = ⌈count / 1000⌉.
//     A plan read in one batch never pays the count; at -parallelism 10 that is up to 9
//     mappings, as another resource (the product mapping) takes a slot. A plan of 10 on a
//     site of one page then lists it: two calls either way;
//   - it then lists the whole collection once it has been asked for at least
//     idsPerListedPage distinct IDs per page the listing costs.
//
// With 3 IDs per page, a plan that maps 50 companies of a site with 20,000 (20 pages) never
// lists them, while 1,000 mappings of 1,250 companies list at the second call. Measured
// with `make bench` (README): 1,000 mappings plan in 11 requests instead of 404.
const (
	countAfterCalls  = 1
	idsPerListedPage = 3
)

// Lister reads a whole collection for a loader (WithListing); without one a loader never
// lists.
type Lister[T any] struct {
	Count func(ctx context.Context) (int, error)
	All   func(ctx context.Context) ([]T, error)
	// CountAfterCalls and IDsPerListedPage override the package defaults (0: the default).
	CountAfterCalls, IDsPerListedPage int
}

// snapshot states.
const (
	snapNone     = iota // by ID; not counted yet
	snapCounting        // the count is in flight: pending IDs wait for its decision
	snapCounted         // by ID until enough IDs were asked for
	snapListing         // the listing is in flight: pending IDs wait for it
	snapReady           // listed: hits are served from snap, misses by ID
	snapOff             // counting or listing failed: by ID for the rest of the process
)

// Loader collects concurrent reads of objects by ID into one list call, and caches the
// results for the life of the provider process (one plan or apply), so the refresh and the
// plan of a resource cost one read between them. When a plan reads many objects of a kind,
// it lists the whole collection once instead (see Lister). Objects this provider
// writes must be forgotten after each write: a forgotten object is read again by ID.
type Loader[T any] struct {
	label  string // "company", "agreement": used in not-found errors
	fetch  func(ctx context.Context, ids []int) ([]T, error)
	idOf   func(T) int
	lister *Lister[T]

	mu      sync.Mutex
	entries map[int]*entry[T]
	pending []int
	timer   *time.Timer
	ctx     context.Context // of the first read of the pending batch, without its cancellation
	loading bool            // a list call is in flight: new IDs wait for it and go in the next

	calls    int // by-ID list calls started
	distinct int // distinct IDs asked for
	state    int // snap*
	pages    int // what listing costs, once counted
	snap     map[int]T
}

type entry[T any] struct {
	done  chan struct{}
	value T
	err   error
}

// New is a loader of objects of one kind (label, e.g. "company", names it in not-found
// errors): fetch lists the objects with the IDs given, idOf tells an object's ID.
func New[T any](label string, fetch func(context.Context, []int) ([]T, error), idOf func(T) int) *Loader[T] {
	return &Loader[T]{label: label, fetch: fetch, idOf: idOf, entries: map[int]*entry[T]{}}
}

// WithListing lets the loader switch to listing the whole collection.
func (b *Loader[T]) WithListing(l *Lister[T]) *Loader[T] {
	if l.CountAfterCalls == 0 {
		l.CountAfterCalls = countAfterCalls
	}
	if l.IDsPerListedPage == 0 {
		l.IDsPerListedPage = idsPerListedPage
	}
	b.lister = l
	return b
}

// Get returns the object with this ID, or an error that matches connectwise.ErrNotFound
// when ConnectWise has none.
func (b *Loader[T]) Get(ctx context.Context, id int) (T, error) {
	b.mu.Lock()
	e, ok := b.entries[id]
	if !ok {
		if v, hit := b.snap[id]; hit {
			b.mu.Unlock()
			return v, nil
		}
		e = &entry[T]{done: make(chan struct{})}
		b.entries[id] = e
		b.distinct++
		b.pending = append(b.pending, id)
		switch {
		case len(b.pending) >= maxBatchSize:
			b.flushLocked()
		case len(b.pending) == 1:
			b.ctx = context.WithoutCancel(ctx)
			b.timer = time.AfterFunc(batchWindow, b.flush)
		}
	}
	b.mu.Unlock()

	select {
	case <-e.done:
		return e.value, e.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Peek returns the object if this process has already read it, without any request.
func (b *Loader[T]) Peek(id int) (T, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e, ok := b.entries[id]; ok {
		select {
		case <-e.done:
			return e.value, e.err == nil
		default:
		}
	}
	v, ok := b.snap[id]
	return v, ok
}

// Forget drops a cached object, after this provider changed it.
func (b *Loader[T]) Forget(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.snap, id)
	if e, ok := b.entries[id]; ok {
		select {
		case <-e.done:
			delete(b.entries, id)
		default: // still loading: the running batch owns it
		}
	}
}

func (b *Loader[T]) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

// flushLocked starts a list call for the pending IDs, unless one is in flight. One call at a
// time per kind matters when calls are slow (latency, the client's rate limit): while it
// runs, Terraform's other refreshes pile up and the next call takes them all, instead of
// each starting a batch of its own. It is also where the loader decides to count or list
// the whole collection.
func (b *Loader[T]) flushLocked() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.pending) == 0 || b.loading || b.state == snapCounting || b.state == snapListing {
		return
	}
	if l := b.lister; l != nil {
		switch {
		case b.state == snapNone && b.calls >= l.CountAfterCalls:
			b.state = snapCounting
			go b.count(b.ctx)
			return
		case b.state == snapCounted && b.distinct >= l.IDsPerListedPage*b.pages:
			b.state = snapListing
			go b.list(b.ctx)
			return
		}
	}
	ids, ctx := b.pending, b.ctx
	b.pending, b.ctx, b.loading = nil, nil, true
	b.calls++
	go b.load(ctx, ids)
}

func (b *Loader[T]) count(ctx context.Context) {
	n, err := b.lister.Count(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.state = snapOff
	} else {
		b.state, b.pages = snapCounted, max(1, (n+connectwise.MaxPageSize-1)/connectwise.MaxPageSize)
	}
	b.flushLocked()
}

func (b *Loader[T]) list(ctx context.Context) {
	all, err := b.lister.All(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.state = snapOff
		b.flushLocked()
		return
	}
	b.state, b.snap = snapReady, make(map[int]T, len(all))
	for _, v := range all {
		b.snap[b.idOf(v)] = v
	}
	// The reads that waited for the listing: hits are answered, misses (an object the
	// listing did not return, e.g. one created since) go by ID.
	var misses []int
	for _, id := range b.pending {
		e := b.entries[id]
		if v, ok := b.snap[id]; ok {
			e.value = v
			close(e.done)
			continue
		}
		misses = append(misses, id)
	}
	b.pending = misses
	b.flushLocked()
}

func (b *Loader[T]) load(ctx context.Context, ids []int) {
	found, err := b.fetch(ctx, ids)
	byID := make(map[int]T, len(found))
	for _, v := range found {
		byID[b.idOf(v)] = v
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, id := range ids {
		e := b.entries[id]
		switch v, ok := byID[id]; {
		case err != nil:
			e.err = err
			delete(b.entries, id) // a later read tries again
		case ok:
			e.value = v
		default:
			e.err = fmt.Errorf("%s %d: %w", b.label, id, connectwise.ErrNotFound)
		}
		close(e.done)
	}
	b.loading = false
	b.flushLocked()
}
