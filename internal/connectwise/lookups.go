package connectwise

import (
	"context"
	"iter"
)

// LookupService reads one setup table (Table Setup permission).
type LookupService struct {
	c    *Client
	path string
}

// ProcurementService groups the product setup tables.
type ProcurementService struct {
	Categories, Subcategories, ProductTypes, UnitOfMeasures, Manufacturers *LookupService
}

// Path is the collection path, e.g. /procurement/types.
func (s *LookupService) Path() string { return s.path }

// List iterates over every row matching opts.
func (s *LookupService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Lookup, error] {
	return list[Lookup](ctx, s.c, s.path, opts)
}

// All is List collected.
func (s *LookupService) All(ctx context.Context, opts *ListOptions) ([]Lookup, error) {
	return collect(s.List(ctx, opts))
}

// Get reads one row.
func (s *LookupService) Get(ctx context.Context, id int) (*Lookup, error) {
	return getOne[Lookup](ctx, s.c, itemPath(s.path, id))
}

// ByName lists the rows named exactly name (names are not unique).
func (s *LookupService) ByName(ctx context.Context, name string) ([]Lookup, error) {
	return s.All(ctx, &ListOptions{Conditions: Field("name").Eq(String(name))})
}
