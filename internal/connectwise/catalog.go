package connectwise

import (
	"context"
	"fmt"
	"iter"
)

const catalogPath = "/procurement/catalog"

// CatalogService manages /procurement/catalog. Items are never deleted
// here: invoices may reference them, so the provider marks them inactive.
type CatalogService struct{ c *Client }

// List iterates over every catalog item matching opts.
func (s *CatalogService) List(ctx context.Context, opts *ListOptions) iter.Seq2[CatalogItem, error] {
	return list[CatalogItem](ctx, s.c, catalogPath, opts)
}

// All is List collected.
func (s *CatalogService) All(ctx context.Context, opts *ListOptions) ([]CatalogItem, error) {
	return collect(s.List(ctx, opts))
}

// ListByIDs reads many catalog items in few requests (id in (...) lists split
// to keep URLs short), optionally narrowed by extra. Missing IDs are simply
// absent from the result.
func (s *CatalogService) ListByIDs(ctx context.Context, ids []int, extra Condition) ([]CatalogItem, error) {
	return byIDs[CatalogItem](ctx, s.c, catalogPath, ids, extra, nil)
}

// GetByIdentifier finds the item with exactly this identifier; the error
// matches ErrNotFound when there is none.
func (s *CatalogService) GetByIdentifier(ctx context.Context, identifier string) (*CatalogItem, error) {
	items, err := s.All(ctx, &ListOptions{Conditions: Field("identifier").Eq(String(identifier))})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("catalog item with identifier %q: %w", identifier, ErrNotFound)
	}
	return &items[0], nil
}

// CountWhere counts the catalog items matching the conditions and child
// conditions of opts (nil counts them all); its other options do not apply.
func (s *CatalogService) CountWhere(ctx context.Context, opts *ListOptions) (int, error) {
	return count(ctx, s.c, catalogPath, opts)
}

// Create adds a catalog item. A duplicate identifier fails with an
// ErrValidation whose field error code is ObjectExists.
func (s *CatalogService) Create(ctx context.Context, item *CatalogItem) (*CatalogItem, error) {
	return create(ctx, s.c, catalogPath, item)
}

// Patch changes the given fields only, e.g. Replace("inactiveFlag", true).
func (s *CatalogService) Patch(ctx context.Context, id int, ops []PatchOp) (*CatalogItem, error) {
	return patch[CatalogItem](ctx, s.c, itemPath(catalogPath, id), ops)
}
