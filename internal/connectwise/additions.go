package connectwise

import (
	"context"
	"iter"
	"strconv"
)

// AdditionService manages /finance/agreements/{agreementId}/additions.
//
// Create is a POST and is never retried after a timeout, a reset or a 5xx:
// when it fails with IsAmbiguousWrite(err), look the addition up before
// creating it again. Nothing in the API stops two additions for the same
// product on one agreement.
type AdditionService struct{ c *Client }

func additionsPath(agreementID int) string {
	return agreementsPath + "/" + strconv.Itoa(agreementID) + "/additions"
}

// List iterates over the agreement's additions matching opts.
func (s *AdditionService) List(ctx context.Context, agreementID int, opts *ListOptions) iter.Seq2[Addition, error] {
	return list[Addition](ctx, s.c, additionsPath(agreementID), opts)
}

// All is List collected.
func (s *AdditionService) All(ctx context.Context, agreementID int, opts *ListOptions) ([]Addition, error) {
	return collect(s.List(ctx, agreementID, opts))
}

// Create adds an addition to the agreement. Only the fields set in a are
// sent; product and billCustomer are required.
func (s *AdditionService) Create(ctx context.Context, agreementID int, a *Addition) (*Addition, error) {
	return create(ctx, s.c, additionsPath(agreementID), a)
}

// Patch changes the given fields only, e.g. Replace("quantity", 42).
func (s *AdditionService) Patch(ctx context.Context, agreementID, id int, ops []PatchOp) (*Addition, error) {
	return patch[Addition](ctx, s.c, itemPath(additionsPath(agreementID), id), ops)
}
