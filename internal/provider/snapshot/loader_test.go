package snapshot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

func TestBatchLoaderJoinsConcurrentReads(t *testing.T) {
	var calls atomic.Int32
	var mu sync.Mutex
	var batches [][]int
	loader := New("thing", func(_ context.Context, ids []int) ([]int, error) {
		calls.Add(1)
		mu.Lock()
		batches = append(batches, slices.Clone(ids))
		mu.Unlock()
		var out []int
		for _, id := range ids {
			if id != 7 { // 7 does not exist
				out = append(out, id)
			}
		}
		return out, nil
	}, func(v int) int { return v })

	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, errs[i] = loader.Get(context.Background(), i)
		})
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("10 concurrent reads should make one call, made %d: %v", calls.Load(), batches)
	}
	for i, err := range errs {
		if (i == 7) != errors.Is(err, connectwise.ErrNotFound) {
			t.Errorf("id %d: err %v", i, err)
		}
	}
	// Cached: no new call; forgotten: a new one.
	if v, err := loader.Get(context.Background(), 3); err != nil || v != 3 || calls.Load() != 1 {
		t.Errorf("cached read: %v %v, calls %d", v, err, calls.Load())
	}
	loader.Forget(3)
	if _, err := loader.Get(context.Background(), 3); err != nil || calls.Load() != 2 {
		t.Errorf("after Forget: %v, calls %d", err, calls.Load())
	}
}

func TestBatchLoaderRetriesAfterError(t *testing.T) {
	fail := true
	loader := New("thing", func(_ context.Context, ids []int) ([]int, error) {
		if fail {
			return nil, errors.New("boom")
		}
		return ids, nil
	}, func(v int) int { return v })
	if _, err := loader.Get(context.Background(), 1); err == nil || err.Error() != "boom" {
		t.Fatalf("want the fetch error, got %v", err)
	}
	fail = false
	if v, err := loader.Get(context.Background(), 1); err != nil || v != 1 {
		t.Fatalf("a failed read must not be cached: %v %v", v, err)
	}
}

func TestBatchLoaderHonoursContext(t *testing.T) {
	block := make(chan struct{})
	loader := New("thing", func(_ context.Context, ids []int) ([]int, error) {
		<-block
		return ids, nil
	}, func(v int) int { return v })
	defer close(block)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := loader.Get(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

// While a list call is in flight, new reads wait and all go into the next call.
func TestBatchLoaderOneCallInFlight(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	loader := New("thing", func(_ context.Context, ids []int) ([]int, error) {
		if calls.Add(1) == 1 {
			<-release
		}
		return ids, nil
	}, func(v int) int { return v })
	first := make(chan error)
	go func() { _, err := loader.Get(context.Background(), 100); first <- err }()
	for calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// Reads arriving one window apart, as refreshes do when calls are slow: without the
	// in-flight rule each would flush a list call of its own.
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			if _, err := loader.Get(context.Background(), i); err != nil {
				t.Error(err)
			}
		})
		time.Sleep(2 * batchWindow)
	}
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("want 2 list calls (the slow one, then one for the 5 that waited), got %d", n)
	}
}
