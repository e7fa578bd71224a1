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

// List iterates over every row matching opts.
func (s *LookupService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Lookup, error] {
	return list[Lookup](ctx, s.c, s.path, opts)
}

// All is List collected.
func (s *LookupService) All(ctx context.Context, opts *ListOptions) ([]Lookup, error) {
	return collect(s.List(ctx, opts))
}
