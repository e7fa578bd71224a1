package provider

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

// batchLoader collects concurrent reads of objects by ID into one list call, and caches the
// results for the life of the provider process (one plan or apply), so the refresh and the
// plan of a resource cost one read between them. Objects this provider writes must be
// forgotten after each write.
type batchLoader[T any] struct {
	label string // "company", "agreement": used in not-found errors
	fetch func(ctx context.Context, ids []int) ([]T, error)
	idOf  func(T) int

	mu      sync.Mutex
	entries map[int]*batchEntry[T]
	pending []int
	timer   *time.Timer
	ctx     context.Context // of the first read of the pending batch, without its cancellation
	loading bool            // a list call is in flight: new IDs wait for it and go in the next
}

type batchEntry[T any] struct {
	done  chan struct{}
	value T
	err   error
}

func newBatchLoader[T any](label string, fetch func(context.Context, []int) ([]T, error), idOf func(T) int) *batchLoader[T] {
	return &batchLoader[T]{label: label, fetch: fetch, idOf: idOf, entries: map[int]*batchEntry[T]{}}
}

// Get returns the object with this ID, or an error that matches connectwise.ErrNotFound
// when ConnectWise has none.
func (b *batchLoader[T]) Get(ctx context.Context, id int) (T, error) {
	b.mu.Lock()
	e, ok := b.entries[id]
	if !ok {
		e = &batchEntry[T]{done: make(chan struct{})}
		b.entries[id] = e
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

// Forget drops a cached object, after this provider changed it.
func (b *batchLoader[T]) Forget(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e, ok := b.entries[id]; ok {
		select {
		case <-e.done:
			delete(b.entries, id)
		default: // still loading: the running batch owns it
		}
	}
}

func (b *batchLoader[T]) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

// flushLocked starts a list call for the pending IDs, unless one is in flight. One call at a
// time per kind matters when calls are slow (latency, the client's rate limit): while it
// runs, Terraform's other refreshes pile up and the next call takes them all, instead of
// each starting a batch of its own.
func (b *batchLoader[T]) flushLocked() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.pending) == 0 || b.loading {
		return
	}
	ids, ctx := b.pending, b.ctx
	b.pending, b.ctx, b.loading = nil, nil, true
	go b.load(ctx, ids)
}

func (b *batchLoader[T]) load(ctx context.Context, ids []int) {
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
