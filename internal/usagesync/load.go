package usagesync

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// Snapshot is the ConnectWise side of one run, as the engine needs it.
type Snapshot struct {
	Agreements map[int]billing.Agreement
	Additions  map[int][]billing.Addition
	// AdditionErrors holds agreements whose additions could not be read. Their customers
	// must not be planned: with no additions known, the engine would create a second one.
	AdditionErrors map[int]error
	// AgreementErrors holds the agreement list calls that failed. The engine would skip
	// their customers as "agreement not found"; the run reports them as failed instead.
	AgreementErrors []agreementChunkError
}

type agreementChunkError struct {
	cond connectwise.Condition
	err  error
}

// unread returns why an enabled customer's data could not be read, or nil.
func (s *Snapshot) unread(c billing.Customer) error {
	if !c.SyncEnabled {
		return nil
	}
	if err, ok := s.AdditionErrors[c.AgreementID]; ok {
		return err
	}
	if _, ok := s.Agreements[c.AgreementID]; !ok && len(s.AgreementErrors) > 0 {
		// Not found, or in a chunk that failed: with a failed chunk we cannot tell.
		return fmt.Errorf("reading agreement %d: %w", c.AgreementID, s.AgreementErrors[0].err)
	}
	return nil
}

// Load reads the agreements of the enabled customers (batched) and the additions of those
// that are active (one paged list each, at most parallel at once). Read errors are kept in
// the snapshot so the customers they concern fail and the others still run; only a
// cancelled context fails the load.
func Load(ctx context.Context, c *connectwise.Client, customers []billing.Customer, parallel int) (*Snapshot, error) {
	ids := enabledAgreementIDs(customers)
	snap := &Snapshot{
		Agreements:     map[int]billing.Agreement{},
		Additions:      map[int][]billing.Addition{},
		AdditionErrors: map[int]error{},
	}
	if len(ids) == 0 {
		return snap, nil
	}
	// One list call per chunk of IDs (split to keep URLs short). A chunk that cannot be
	// read fails its customers only: their agreements stay unknown, and unknown agreements
	// are never written.
	var active []int
	for _, cond := range connectwise.SplitIn(connectwise.Field("id"), connectwise.Ints(ids), connectwise.Condition{}, connectwise.MaxConditionLength) {
		agreements, err := c.Agreements.All(ctx, &connectwise.ListOptions{Conditions: cond})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			snap.AgreementErrors = append(snap.AgreementErrors, agreementChunkError{cond: cond, err: err})
			continue
		}
		for _, a := range agreements {
			ag := agreementFrom(a)
			snap.Agreements[a.ID] = ag
			if ag.Status == connectwise.AgreementActive && !ag.CancelledFlag {
				active = append(active, a.ID)
			}
		}
	}
	sort.Ints(active)

	var mu sync.Mutex
	forEach(ctx, active, parallel, func(id int) {
		list, err := c.Additions.All(ctx, id, &connectwise.ListOptions{Fields: additionFields})
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			snap.AdditionErrors[id] = fmt.Errorf("reading the additions of agreement %d: %w", id, err)
			return
		}
		converted := make([]billing.Addition, 0, len(list))
		for _, a := range list {
			converted = append(converted, additionFrom(id, a))
		}
		snap.Additions[id] = converted
	})
	return snap, ctx.Err()
}

func enabledAgreementIDs(customers []billing.Customer) []int {
	seen := map[int]bool{}
	var ids []int
	for _, c := range customers {
		if c.SyncEnabled && c.AgreementID > 0 && !seen[c.AgreementID] {
			seen[c.AgreementID] = true
			ids = append(ids, c.AgreementID)
		}
	}
	sort.Ints(ids)
	return ids
}

// forEach runs fn for every item with at most parallel running at once, and stops handing
// out work when the context ends.
func forEach[T any](ctx context.Context, items []T, parallel int, fn func(T)) {
	if parallel < 1 {
		parallel = 1
	}
	work := make(chan T)
	var wg sync.WaitGroup
	for range min(parallel, len(items)) {
		wg.Go(func() {
			for item := range work {
				fn(item)
			}
		})
	}
	for _, item := range items {
		if ctx.Err() != nil {
			break
		}
		work <- item
	}
	close(work)
	wg.Wait()
}
