package connectwise

import (
	"context"
	"iter"
)

const agreementsPath = "/finance/agreements"

// AgreementService reads /finance/agreements.
type AgreementService struct{ c *Client }

// List iterates over every agreement matching opts, 1000 per request.
func (s *AgreementService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Agreement, error] {
	return list[Agreement](ctx, s.c, agreementsPath, opts)
}

// All is List collected.
func (s *AgreementService) All(ctx context.Context, opts *ListOptions) ([]Agreement, error) {
	return collect(s.List(ctx, opts))
}

// CountWhere counts the agreements matching the conditions and child
// conditions of opts (nil counts them all); its other options do not apply.
func (s *AgreementService) CountWhere(ctx context.Context, opts *ListOptions) (int, error) {
	return count(ctx, s.c, agreementsPath, opts)
}

// ListByIDs reads many agreements in few requests, optionally narrowed by
// extra. Missing IDs are simply absent from the result.
func (s *AgreementService) ListByIDs(ctx context.Context, ids []int, extra Condition) ([]Agreement, error) {
	return byIDs[Agreement](ctx, s.c, agreementsPath, ids, extra, nil)
}

// ListByIDsFields is ListByIDs returning only fields (e.g. {"id", "name",
// "company/id"}): smaller pages and less to decode when the caller needs few.
func (s *AgreementService) ListByIDsFields(ctx context.Context, ids []int, fields []string) ([]Agreement, error) {
	return byIDs[Agreement](ctx, s.c, agreementsPath, ids, Condition{}, fields)
}
