package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// lookupKind is a setup table that users refer to by name or by ID.
type lookupKind struct {
	label   string // "company type": used in messages
	service func(*connectwise.Client) *connectwise.LookupService
}

var (
	companyTypeLookup   = lookupKind{"company type", func(c *connectwise.Client) *connectwise.LookupService { return c.CompanyTypes }}
	companyStatusLookup = lookupKind{"company status", func(c *connectwise.Client) *connectwise.LookupService { return c.CompanyStatuses }}
	agreementTypeLookup = lookupKind{"agreement type", func(c *connectwise.Client) *connectwise.LookupService { return c.AgreementTypes }}
	subcategoryLookup   = lookupKind{"subcategory", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.Subcategories }}
	productTypeLookup   = lookupKind{"product type", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.ProductTypes }}
	unitOfMeasureLookup = lookupKind{"unit of measure", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.UnitOfMeasures }}
)

// lookupCache loads each setup table once per provider process: they are short and
// rarely change, and many resources resolve names against them in one plan.
type lookupCache struct {
	client *connectwise.Client
	mu     sync.Mutex
	tables map[string][]connectwise.Lookup
}

func newLookupCache(client *connectwise.Client) *lookupCache {
	return &lookupCache{client: client, tables: map[string][]connectwise.Lookup{}}
}

func (c *lookupCache) table(ctx context.Context, kind lookupKind) ([]connectwise.Lookup, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rows, ok := c.tables[kind.label]; ok {
		return rows, nil
	}
	rows, err := kind.service(c.client).All(ctx, nil)
	if err != nil {
		return nil, err
	}
	c.tables[kind.label] = rows
	return rows, nil
}

// resolve finds one row by ID (digits) or by name (case-insensitive). The error says what
// would be accepted.
func (c *lookupCache) resolve(ctx context.Context, kind lookupKind, nameOrID string) (connectwise.Lookup, error) {
	rows, err := c.table(ctx, kind)
	if err != nil {
		return connectwise.Lookup{}, err
	}
	value := strings.TrimSpace(nameOrID)
	if id, err := strconv.Atoi(value); err == nil {
		for _, r := range rows {
			if r.ID == id {
				return r, nil
			}
		}
		return connectwise.Lookup{}, &lookupError{kind: kind, value: value, rows: rows}
	}
	var matches []connectwise.Lookup
	for _, r := range rows {
		if strings.EqualFold(r.Name, value) {
			matches = append(matches, r)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return connectwise.Lookup{}, &lookupError{kind: kind, value: value, rows: rows}
	default:
		return connectwise.Lookup{}, &lookupError{kind: kind, value: value, rows: matches, ambiguous: true}
	}
}

// resolveAll resolves several names or IDs and returns their IDs in the order given.
func (c *lookupCache) resolveAll(ctx context.Context, kind lookupKind, values []string) ([]int, error) {
	ids := make([]int, 0, len(values))
	for _, v := range values {
		row, err := c.resolve(ctx, kind, v)
		if err != nil {
			return nil, err
		}
		ids = append(ids, row.ID)
	}
	return ids, nil
}

type lookupError struct {
	kind      lookupKind
	value     string
	rows      []connectwise.Lookup
	ambiguous bool
}

func (e *lookupError) Error() string {
	var known []string
	for _, r := range e.rows {
		label := fmt.Sprintf("%q (ID %d)", r.Name, r.ID)
		if r.Category != nil && r.Category.Name != "" {
			label = fmt.Sprintf("%q in %s (ID %d)", r.Name, r.Category.Name, r.ID)
		}
		known = append(known, label)
	}
	slices.Sort(known)
	if e.ambiguous {
		return fmt.Sprintf("%d %ss are named %q; use the ID of the one you mean: %s",
			len(e.rows), e.kind.label, e.value, strings.Join(known, ", "))
	}
	if len(known) > 25 {
		known = append(known[:25], fmt.Sprintf("and %d more", len(known)-25))
	}
	return fmt.Sprintf("no %s %q in ConnectWise; use one of: %s", e.kind.label, e.value, strings.Join(known, ", "))
}
