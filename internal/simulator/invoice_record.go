package simulator

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// invoiceBook is the invoices the site has created, oldest first. It has its own lock
// because previews read the variants under s.mu.
type invoiceBook struct {
	mu   sync.Mutex
	list []Invoice
}

func (b *invoiceBook) add(inv Invoice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.list = append(b.list, inv)
}

func (b *invoiceBook) invoiced(agreementID int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, inv := range b.list {
		if inv.AgreementID == agreementID {
			return true
		}
	}
	return false
}

// Invoices returns the invoices created so far, oldest first.
func (s *Simulator) Invoices() []Invoice {
	s.book.mu.Lock()
	defer s.book.mu.Unlock()
	out := make([]Invoice, len(s.book.list))
	for i, inv := range s.book.list {
		inv.Lines = append([]InvoiceLine{}, inv.Lines...)
		out[i] = inv
	}
	return out
}

// InvoiceAgreement does what a person's "Create Invoice" does: it bills the agreement's
// next period (see InvoicePreview), records the invoice and moves nextInvoiceDate to the
// period's end, so invoicing again bills the following period. An agreement without a
// recurring period (one-time, unmodelled cycle) is invoiced once, for nothing, and its
// nextInvoiceDate stays; invoicing it again is an error wrapping ErrNotBilled.
func (s *Simulator) InvoiceAgreement(agreementID int) (Invoice, error) {
	// As an API write: no addition may change between the preview and the date move.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	inv, err := s.InvoicePreview(agreementID, time.Time{})
	switch {
	case errors.Is(err, ErrNotBilled):
		if s.book.invoiced(agreementID) {
			return Invoice{}, fmt.Errorf("%w: agreement %d has already been invoiced once (%s)", ErrNotBilled, agreementID, inv.NotBilled)
		}
	case err != nil:
		return Invoice{}, err
	default:
		if err := s.store.Update("agreements", agreementID, map[string]any{"nextInvoiceDate": inv.PeriodEnd.Format(timeLayout)}); err != nil {
			return Invoice{}, err
		}
	}
	s.book.add(inv)
	return inv, nil
}
