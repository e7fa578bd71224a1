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
}

// Load reads the agreements of the enabled customers (batched) and the additions of those
// that are active (one paged list each, at most parallel at once). An error reading the
// agreements fails the whole load; an error reading one agreement's additions is kept in
// AdditionErrors so the other customers still run.
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
	agreements, err := c.Agreements.ListByIDs(ctx, ids, connectwise.Condition{})
	if err != nil {
		return nil, fmt.Errorf("reading %d agreements: %w", len(ids), err)
	}
	var active []int
	for _, a := range agreements {
		ag := agreementFrom(a)
		snap.Agreements[a.ID] = ag
		if ag.Status == connectwise.AgreementActive && !ag.CancelledFlag {
			active = append(active, a.ID)
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
