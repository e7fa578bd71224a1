package snapshot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// Kind is a setup table that users refer to by name or by ID.
type Kind struct {
	Label   string // "company type": used in messages
	service func(*connectwise.Client) *connectwise.LookupService
}

// The setup tables the provider resolves.
var (
	CompanyTypes    = Kind{"company type", func(c *connectwise.Client) *connectwise.LookupService { return c.CompanyTypes }}
	CompanyStatuses = Kind{"company status", func(c *connectwise.Client) *connectwise.LookupService { return c.CompanyStatuses }}
	AgreementTypes  = Kind{"agreement type", func(c *connectwise.Client) *connectwise.LookupService { return c.AgreementTypes }}
	Subcategories   = Kind{"subcategory", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.Subcategories }}
	ProductTypes    = Kind{"product type", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.ProductTypes }}
	UnitsOfMeasure  = Kind{"unit of measure", func(c *connectwise.Client) *connectwise.LookupService { return c.Procurement.UnitOfMeasures }}
)

// Lookups loads each setup table once per provider process: they are short and
// rarely change, and many resources resolve names against them in one plan.
type Lookups struct {
	client *connectwise.Client
	mu     sync.Mutex
	tables map[string][]connectwise.Lookup
}

// NewLookups is an empty cache that reads the tables through client.
func NewLookups(client *connectwise.Client) *Lookups {
	return &Lookups{client: client, tables: map[string][]connectwise.Lookup{}}
}

func (c *Lookups) table(ctx context.Context, kind Kind) ([]connectwise.Lookup, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rows, ok := c.tables[kind.Label]; ok {
		return rows, nil
	}
	rows, err := kind.service(c.client).All(ctx, nil)
	if err != nil {
		return nil, err
	}
	c.tables[kind.Label] = rows
	return rows, nil
}

// Resolve finds one row by ID (digits) or by name (case-insensitive). The error says what
// would be accepted.
func (c *Lookups) Resolve(ctx context.Context, kind Kind, nameOrID string) (connectwise.Lookup, error) {
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
		return connectwise.Lookup{}, &LookupError{kind: kind, value: value, rows: rows}
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
		return connectwise.Lookup{}, &LookupError{kind: kind, value: value, rows: rows}
	default:
		return connectwise.Lookup{}, &LookupError{kind: kind, value: value, rows: matches, Ambiguous: true}
	}
}

// ResolveAll resolves several names or IDs and returns their IDs in the order given.
func (c *Lookups) ResolveAll(ctx context.Context, kind Kind, values []string) ([]int, error) {
	ids := make([]int, 0, len(values))
	for _, v := range values {
		row, err := c.Resolve(ctx, kind, v)
		if err != nil {
			return nil, err
		}
		ids = append(ids, row.ID)
	}
	return ids, nil
}

// LookupError is a name or ID the table does not hold; its text lists the rows that would
// be accepted.
type LookupError struct {
	kind  Kind
	value string
	rows  []connectwise.Lookup
	// Ambiguous: the name is held by several rows (rows), to be told apart by ID.
	Ambiguous bool
}

func (e *LookupError) Error() string {
	var known []string
	for _, r := range e.rows {
		label := fmt.Sprintf("%q (ID %d)", r.Name, r.ID)
		if r.Category != nil && r.Category.Name != "" {
			label = fmt.Sprintf("%q in %s (ID %d)", r.Name, r.Category.Name, r.ID)
		}
		known = append(known, label)
	}
	slices.Sort(known)
	if e.Ambiguous {
		return fmt.Sprintf("%d %ss are named %q; use the ID of the one you mean: %s",
			len(e.rows), e.kind.Label, e.value, strings.Join(known, ", "))
	}
	if len(known) > 25 {
		known = append(known[:25], fmt.Sprintf("and %d more", len(known)-25))
	}
	return fmt.Sprintf("no %s %q in ConnectWise; use one of: %s", e.kind.Label, e.value, strings.Join(known, ", "))
}
