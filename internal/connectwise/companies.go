package connectwise

import (
	"context"
	"iter"
)

const companiesPath = "/company/companies"

// CompanyService reads /company/companies.
type CompanyService struct{ c *Client }

// List iterates over every company matching opts, 1000 per request.
func (s *CompanyService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Company, error] {
	return list[Company](ctx, s.c, companiesPath, opts)
}

// All is List collected.
func (s *CompanyService) All(ctx context.Context, opts *ListOptions) ([]Company, error) {
	return collect(s.List(ctx, opts))
}

// Get reads one company.
func (s *CompanyService) Get(ctx context.Context, id int) (*Company, error) {
	return getOne[Company](ctx, s.c, itemPath(companiesPath, id))
}

// CountWhere counts the companies matching the conditions and child
// conditions of opts (nil counts them all); its other options do not apply.
func (s *CompanyService) CountWhere(ctx context.Context, opts *ListOptions) (int, error) {
	return count(ctx, s.c, companiesPath, opts)
}

// ListByIDs reads many companies in few requests (id in (...) lists split
// to keep URLs short), optionally narrowed by extra. Missing IDs are simply
// absent from the result.
func (s *CompanyService) ListByIDs(ctx context.Context, ids []int, extra Condition) ([]Company, error) {
	return byIDs[Company](ctx, s.c, companiesPath, ids, extra, nil)
}

// ListByIDsFields is ListByIDs returning only fields (e.g. {"id", "name",
// "company/id"}): smaller pages and less to decode when the caller needs few.
func (s *CompanyService) ListByIDsFields(ctx context.Context, ids []int, fields []string) ([]Company, error) {
	return byIDs[Company](ctx, s.c, companiesPath, ids, Condition{}, fields)
}
