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
	Agreements   map[int]billing.Agreement
	Companies    map[int]billing.Company
	CatalogItems map[int]billing.CatalogItem
	Additions    map[int][]billing.Addition
	// AdditionErrors holds agreements whose additions could not be read. Their customers
	// must not be planned: with no additions known, the engine would create a second one.
	AdditionErrors map[int]error
	// ReadErrors holds, per kind ("agreement", "company", "catalog item") and ID, the IDs
	// of list calls that failed. The engine would skip their customers as "not found"; the
	// run reports them as failed instead, so the next run completes them.
	ReadErrors map[string]map[int]error
}

// unread returns why an enabled customer's data could not be read, or nil.
func (s *Snapshot) unread(c billing.Customer, products []billing.Product) error {
	if !c.SyncEnabled {
		return nil
	}
	if err, ok := s.AdditionErrors[c.AgreementID]; ok {
		return err
	}
	if err := s.ReadErrors["agreement"][c.AgreementID]; err != nil {
		return err
	}
	if err := s.ReadErrors["company"][c.CompanyID]; err != nil {
		return err
	}
	for _, p := range products {
		if err := s.ReadErrors["catalog item"][p.CatalogItemID]; err != nil {
			return err
		}
	}
	return nil
}

// Load reads, in batched `id in (...)` list calls, the agreements and companies of the
// enabled customers and the catalog items of the products, then the additions of the
// active agreements (one paged list each, at most parallel at once). Read errors are kept
// in the snapshot so the customers they concern fail and the others still run; only a
// cancelled context fails the load.
func Load(ctx context.Context, c *connectwise.Client, customers []billing.Customer, products []billing.Product, parallel int) (*Snapshot, error) {
	snap := &Snapshot{
		Agreements:     map[int]billing.Agreement{},
		Companies:      map[int]billing.Company{},
		CatalogItems:   map[int]billing.CatalogItem{},
		Additions:      map[int][]billing.Addition{},
		AdditionErrors: map[int]error{},
		ReadErrors:     map[string]map[int]error{},
	}
	var agreementIDs, companyIDs, itemIDs []int
	for _, cu := range customers {
		if cu.SyncEnabled {
			agreementIDs = append(agreementIDs, cu.AgreementID)
			companyIDs = append(companyIDs, cu.CompanyID)
		}
	}
	if len(agreementIDs) == 0 {
		return snap, nil
	}
	for _, p := range products {
		itemIDs = append(itemIDs, p.CatalogItemID)
	}

	agreements := readByIDs(ctx, snap, "agreement", agreementIDs, nil, c.Agreements.All,
		func(a connectwise.Agreement) int { return a.ID })
	companies := readByIDs(ctx, snap, "company", companyIDs, companyFields, c.Companies.All,
		func(co connectwise.Company) int { return co.ID })
	items := readByIDs(ctx, snap, "catalog item", itemIDs, catalogFields, c.Catalog.All,
		func(it connectwise.CatalogItem) int { return it.ID })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var active []int
	for _, a := range agreements {
		ag := AgreementFrom(a)
		snap.Agreements[a.ID] = ag
		if ag.Status == connectwise.AgreementActive && !ag.CancelledFlag {
			active = append(active, a.ID)
		}
	}
	for _, co := range companies {
		snap.Companies[co.ID] = CompanyFrom(co)
	}
	for _, it := range items {
		snap.CatalogItems[it.ID] = CatalogItemFrom(it)
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

// readByIDs lists the records of the positive, distinct ids in as few calls as URL length
// allows (connectwise.SplitIn). When a call fails, every requested ID that was not found
// is recorded in snap.ReadErrors[kind] (not found, or in the failed call: it cannot tell):
// those records stay unknown, and unknown records are never written to.
func readByIDs[T any](ctx context.Context, snap *Snapshot, kind string, ids []int, fields []string,
	all func(context.Context, *connectwise.ListOptions) ([]T, error), idOf func(T) int) []T {
	ids = distinctPositive(ids)
	var out []T
	var failed error
	for _, cond := range connectwise.SplitIn(connectwise.Field("id"), connectwise.Ints(ids), connectwise.Condition{}, connectwise.MaxConditionLength) {
		if ctx.Err() != nil {
			return nil
		}
		items, err := all(ctx, &connectwise.ListOptions{Conditions: cond, Fields: fields})
		if err != nil {
			failed = sentError(failed, err)
			continue
		}
		out = append(out, items...)
	}
	if failed != nil {
		found := map[int]bool{}
		for _, it := range out {
			found[idOf(it)] = true
		}
		snap.ReadErrors[kind] = map[int]error{}
		for _, id := range ids {
			if !found[id] {
				snap.ReadErrors[kind][id] = fmt.Errorf("reading %s %d: %w", kind, id, failed)
			}
		}
	}
	return out
}

var (
	companyFields = []string{"id", "name", "deletedFlag"}
	catalogFields = []string{"id", "identifier", "inactiveFlag", "productClass", "customerDescription"}
)

func distinctPositive(ids []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out
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
