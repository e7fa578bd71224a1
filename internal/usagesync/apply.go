package usagesync

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// maxCreateAttempts bounds the POSTs for one addition. Each attempt after the first is
// preceded by a read that proves the previous one was not applied.
const maxCreateAttempts = 3

// applyChange performs one writing change and returns the addition it wrote. A created
// addition is checked for a concurrent run's duplicate afterwards, once per agreement
// (endDuplicates).
func (r *runner) applyChange(ctx context.Context, ch billing.Change) (int, error) {
	switch {
	case ch.Kind == billing.Update && ch.Ends != nil:
		return r.replace(ctx, ch)
	case ch.Kind == billing.Update:
		if _, err := r.client.Additions.Patch(ctx, ch.AgreementID, ch.AdditionID, patchOps(ch.Fields)); err != nil {
			return 0, fmt.Errorf("updating addition %d on agreement %d: %w", ch.AdditionID, ch.AgreementID, err)
		}
		return ch.AdditionID, nil
	case ch.Kind == billing.Create:
		return r.create(ctx, ch)
	}
	return ch.AdditionID, nil
}

// replace ends an addition that started in an invoiced period and creates its successor
// (billing.Change.Ends). The end comes first: should the create then fail, the customer is
// billed nothing new until the next run creates it, never twice.
func (r *runner) replace(ctx context.Context, ch billing.Change) (int, error) {
	end := connectwise.FormatDate(ch.Ends.CancelledDate)
	if _, err := r.client.Additions.Patch(ctx, ch.AgreementID, ch.Ends.AdditionID, []connectwise.PatchOp{connectwise.Replace("cancelledDate", end)}); err != nil {
		return 0, fmt.Errorf("ending addition %d on agreement %d on %s, before its successor from the next invoice: %w", ch.Ends.AdditionID, ch.AgreementID, end[:10], err)
	}
	if ch.New == nil {
		return ch.Ends.AdditionID, nil
	}
	id, err := r.create(ctx, ch)
	if err != nil {
		return 0, fmt.Errorf("addition %d was ended on %s; %w: the next run creates its successor", ch.Ends.AdditionID, end[:10], err)
	}
	return id, nil
}

// endDuplicates reads the agreement's additions back once, after all of this run's creates
// on it (created: the indexes of those lines), and ends the duplicates two runs at once left.
// Both runs saw no addition and both created one: each run reads after its own POSTs, so
// the run whose read comes last sees every POST of both. billing.Duplicates keeps the lowest
// ID; the others this run did not read before writing are ended with an Edit (quantity 0 and
// cancelledDate = effective date, so they bill nothing), which the least-privilege role
// allows where DELETE is not.
func (r *runner) endDuplicates(ctx context.Context, lines []Outcome, created []int) {
	agreement := lines[created[0]].AgreementID
	list, err := r.client.Additions.All(ctx, agreement, &connectwise.ListOptions{Fields: additionFields})
	if err != nil {
		for _, i := range created {
			lines[i].Err = fmt.Errorf("created addition %d for catalog item %d on agreement %d, but reading it back to check for a concurrent run's duplicate failed (%w): "+
				"the next run reports any duplicate as a conflict", lines[i].AdditionID, lines[i].CatalogItemID, agreement, err)
		}
		return
	}
	all := make([]billing.Addition, 0, len(list))
	for _, a := range list {
		all = append(all, additionFrom(agreement, a))
	}
	for _, i := range created {
		l := &lines[i]
		keep, dups := billing.Duplicates(all, *l.New, l.Period, r.before[agreement], billing.LegacyDescription(r.integration, l.SKU))
		if keep != 0 {
			l.AdditionID = keep
		}
		for _, d := range dups {
			// Quantity 0 first, in the same PATCH: whether ConnectWise bills an addition for
			// the one day it is effective is unconfirmed, and a non-prorating agreement may
			// bill it the whole period. At quantity 0 it bills nothing under either reading.
			end := connectwise.FormatDate(*d.EffectiveDate)
			ops := []connectwise.PatchOp{connectwise.Replace("quantity", 0), connectwise.Replace("cancelledDate", end)}
			if _, err := r.client.Additions.Patch(ctx, agreement, d.ID, ops); err != nil {
				l.Err = fmt.Errorf("addition %d duplicates addition %d (two runs at once) and ending it failed (%w): "+
					"the next run reports both as a conflict", d.ID, l.AdditionID, err)
				break
			}
			l.Ended = append(l.Ended, d.ID)
		}
	}
}

// create POSTs a new addition. The engine planned it because the agreement had no active
// addition for the product; so after an ambiguous failure (a 5xx, a reset connection, a
// timeout), any active addition for the product now means the POST was applied, and no
// second one is sent. A POST is repeated only when the read proves the first one did not
// land and the server had finished with it (not after a timeout).
func (r *runner) create(ctx context.Context, ch billing.Change) (int, error) {
	body := additionBody(ch.New)
	for attempt := 1; ; attempt++ {
		created, err := r.client.Additions.Create(ctx, ch.AgreementID, body)
		if err == nil {
			return created.ID, nil
		}
		if !connectwise.IsAmbiguousWrite(err) {
			return 0, fmt.Errorf("creating the addition for catalog item %d on agreement %d: %w", ch.CatalogItemID, ch.AgreementID, err)
		}
		all, lookErr := r.productAdditions(ctx, ch.AgreementID, ch.CatalogItemID)
		found := billing.LiveAdditions(all, ch.CatalogItemID, ch.Period)
		if lookErr != nil {
			return 0, fmt.Errorf("creating the addition for catalog item %d on agreement %d may have been applied (%v), and reading it back failed (%w): "+
				"nothing more is sent now; the next run reads the additions before writing", ch.CatalogItemID, ch.AgreementID, err, lookErr)
		}
		if len(found) > 0 {
			return found[0].ID, nil
		}
		if timedOut(err) {
			// The server may still be working on it: a read now proves nothing, so a second
			// POST could be a second addition. The next run reads the additions first.
			return 0, fmt.Errorf("creating the addition for catalog item %d on agreement %d timed out and it is not there yet (%w): "+
				"nothing more is sent now; the next run reads the additions before writing", ch.CatalogItemID, ch.AgreementID, err)
		}
		if attempt == maxCreateAttempts {
			return 0, fmt.Errorf("creating the addition for catalog item %d on agreement %d failed %d times: %w", ch.CatalogItemID, ch.AgreementID, attempt, err)
		}
	}
}

// productAdditions reads the agreement's additions of one product, any standing.
func (r *runner) productAdditions(ctx context.Context, agreementID, productID int) ([]billing.Addition, error) {
	list, err := r.client.Additions.All(ctx, agreementID, &connectwise.ListOptions{
		Conditions: connectwise.Field("product/id").Eq(connectwise.Int(productID)),
		Fields:     additionFields,
	})
	if err != nil {
		return nil, err
	}
	var out []billing.Addition
	for _, a := range list {
		if b := additionFrom(agreementID, a); b.ProductID == productID {
			out = append(out, b)
		}
	}
	return out, nil
}

// timedOut reports a request that gave up waiting, as opposed to one the server answered or
// whose connection was reset after the server had finished with it.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
