package simulator

import (
	"fmt"
	"sort"
	"strings"
)

// Variants choose, for each detail API-NOTES.md leaves unconfirmed, which of the
// plausible answers the simulated site gives. Our simulator encodes our guesses; a
// client tested under one guess only breaks on the first site that guessed otherwise,
// so every guess is a switch here and the client tests run under each value.
//
// An empty field is the default: DESIGN.md's choice, so the zero Variants is the site
// every other test assumes. The JSON names are the -variant names of the command.
type Variants struct {
	// SecurityIDs: how /system/mySecurity spells moduleIdentifier and
	// moduleFunctionIdentifier. camel (Company/CompanyMaintenance), underscored
	// (Companies/Company_Maintenance), names-only (identifiers empty), absent (no row
	// at all for the functions the integration uses; access is still granted).
	SecurityIDs string `json:"security-ids,omitempty"`
	// LevelMy: whether level My grants an API member access (denies, grants).
	LevelMy string `json:"level-my,omitempty"`
	// ClientIDError: the answer to a missing or unregistered clientId. 401-named (a 401
	// whose message says clientId), 401-generic (the bad-credentials 401, word for word),
	// 403-named, 403-generic, 400-named, 400-generic.
	ClientIDError string `json:"clientid-error,omitempty"`
	// ArrayConditions: where array paths (a company's types/id) may be searched.
	// child-only (childConditions only; an array path in conditions is 400
	// InvalidCondition), conditions-only (in conditions; the childConditions parameter
	// is 400 InvalidCondition), both.
	ArrayConditions string `json:"array-conditions,omitempty"`
	// CodebaseForm: how companyinfo spells the codebase. slash (v2025_8/), bare
	// (v2025_8), leading-slash (/v2025_8/), release (v4_6_release/, which routes to the
	// current codebase).
	CodebaseForm string `json:"codebase-form,omitempty"`
	// BadAuth: the answer to bad credentials. 401, or 404 (API-NOTES: "On cloud a 404
	// can also mean bad authentication").
	BadAuth string `json:"bad-auth,omitempty"`
	// VersionHeader: whether responses carry api-current-version (present, absent).
	VersionHeader string `json:"version-header,omitempty"`
	// AgreementStatusCondition: whether agreementStatus may be used in conditions (ok,
	// rejected: 400 InvalidCondition).
	AgreementStatusCondition string `json:"agreement-status-condition,omitempty"`
	// LinkHeader: whether list answers carry the Link header (present, absent: some
	// proxies drop it).
	LinkHeader string `json:"link-header,omitempty"`
	// SameDayCancelled: what an addition cancelled on or before its effective date
	// bills. bills-nothing, or bills-one-day (its one day: prorated on a prorating
	// agreement, the whole period on one that does not prorate).
	SameDayCancelled string `json:"same-day-cancelled,omitempty"`
	// InvoicedUpdate: a change of quantity or unitPrice of an addition effective before
	// the Next Invoice Date of an agreement that does not prorate. next-invoice (accepted;
	// the next invoice bills the new values), or refused (400, asking to cancel the
	// addition and add a new one; setting cancelledDate, with quantity 0 or not, is still
	// accepted). Nothing public says which ConnectWise does; refusing is plausible because
	// the invoiced period was billed at the old values.
	InvoicedUpdate string `json:"invoiced-update,omitempty"`
	// ForwardOnly: whether the site honours the pagination-type: forward-only header
	// (honoured), or answers such a request as a page-number one (ignored: pageId is
	// ignored, orderBy allowed, the Link next carries a page number).
	ForwardOnly string `json:"forward-only,omitempty"`
	// DateFields: how date-only fields (agreement startDate, endDate, billStartDate,
	// nextInvoiceDate; addition effectiveDate, cancelledDate) travel. utc-midnight
	// (2026-11-01T00:00:00Z), or local-midnight: the site's midnight in UTC
	// (2026-11-01T04:00:00Z in New York in EDT, 2026-10-31T13:00:00Z in Sydney). Writes
	// of either form are accepted (dates.go).
	DateFields string `json:"date-fields,omitempty"`
	// SiteTimeZone: the site's time zone, for local-midnight and /system/info's
	// serverTimeZone (in its Windows name).
	SiteTimeZone string `json:"site-time-zone,omitempty"`
}

// VariantName names one unconfirmed detail. It is a struct, not a string, so that Go code
// can name a variant only by the values below (a misspelt name does not compile, and a
// string literal is no VariantName); the -variant flag and the admin API parse strings
// with ParseVariantName.
type VariantName struct{ name string }

func (n VariantName) String() string { return n.name }

// The variants, in the order the command's help lists them; their values are in variantDefs.
var (
	VariantSecurityIDs              = VariantName{"security-ids"}
	VariantLevelMy                  = VariantName{"level-my"}
	VariantClientIDError            = VariantName{"clientid-error"}
	VariantArrayConditions          = VariantName{"array-conditions"}
	VariantCodebaseForm             = VariantName{"codebase-form"}
	VariantBadAuth                  = VariantName{"bad-auth"}
	VariantVersionHeader            = VariantName{"version-header"}
	VariantAgreementStatusCondition = VariantName{"agreement-status-condition"}
	VariantLinkHeader               = VariantName{"link-header"}
	VariantSameDayCancelled         = VariantName{"same-day-cancelled"}
	VariantInvoicedUpdate           = VariantName{"invoiced-update"}
	VariantForwardOnly              = VariantName{"forward-only"}
	VariantDateFields               = VariantName{"date-fields"}
	VariantSiteTimeZone             = VariantName{"site-time-zone"}
)

// ParseVariantName is the variant spelt name, or false for a name no variant has.
func ParseVariantName(name string) (VariantName, bool) {
	for _, d := range variantDefs {
		if d.Name.name == name {
			return d.Name, true
		}
	}
	return VariantName{}, false
}

// VariantDef is one unconfirmed detail: its name and values, the default first.
type VariantDef struct {
	Name   VariantName
	Values []string
	field  func(*Variants) *string
}

// Default is the value an empty field means.
func (d VariantDef) Default() string { return d.Values[0] }

var variantDefs = []VariantDef{
	{VariantSecurityIDs, []string{"camel", "underscored", "names-only", "absent"}, func(v *Variants) *string { return &v.SecurityIDs }},
	{VariantLevelMy, []string{"denies", "grants"}, func(v *Variants) *string { return &v.LevelMy }},
	{VariantClientIDError, []string{"401-named", "401-generic", "403-named", "403-generic", "400-named", "400-generic"}, func(v *Variants) *string { return &v.ClientIDError }},
	{VariantArrayConditions, []string{"child-only", "conditions-only", "both"}, func(v *Variants) *string { return &v.ArrayConditions }},
	{VariantCodebaseForm, []string{"slash", "bare", "leading-slash", "release"}, func(v *Variants) *string { return &v.CodebaseForm }},
	{VariantBadAuth, []string{"401", "404"}, func(v *Variants) *string { return &v.BadAuth }},
	{VariantVersionHeader, []string{"present", "absent"}, func(v *Variants) *string { return &v.VersionHeader }},
	{VariantAgreementStatusCondition, []string{"ok", "rejected"}, func(v *Variants) *string { return &v.AgreementStatusCondition }},
	{VariantLinkHeader, []string{"present", "absent"}, func(v *Variants) *string { return &v.LinkHeader }},
	{VariantSameDayCancelled, []string{"bills-nothing", "bills-one-day"}, func(v *Variants) *string { return &v.SameDayCancelled }},
	{VariantInvoicedUpdate, []string{"next-invoice", "refused"}, func(v *Variants) *string { return &v.InvoicedUpdate }},
	{VariantForwardOnly, []string{"honoured", "ignored"}, func(v *Variants) *string { return &v.ForwardOnly }},
	{VariantDateFields, []string{"utc-midnight", "local-midnight"}, func(v *Variants) *string { return &v.DateFields }},
	{VariantSiteTimeZone, []string{"America/New_York", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu"},
		func(v *Variants) *string { return &v.SiteTimeZone }},
}

// VariantDefs lists every variant, for flags, help texts and test matrices.
func VariantDefs() []VariantDef {
	out := make([]VariantDef, len(variantDefs))
	for i, d := range variantDefs {
		out[i] = d
		out[i].Values = append([]string(nil), d.Values...)
	}
	return out
}

func variantDef(name VariantName) (VariantDef, bool) {
	for _, d := range variantDefs {
		if d.Name == name {
			return d, true
		}
	}
	return VariantDef{}, false
}

// Set sets one variant, e.g. Set(VariantSecurityIDs, "underscored"); a value not in
// its list is an error.
func (v *Variants) Set(name VariantName, value string) error {
	d, ok := variantDef(name)
	if !ok {
		return unknownVariant(name.String())
	}
	for _, allowed := range d.Values {
		if value == allowed {
			*d.field(v) = value
			return nil
		}
	}
	return fmt.Errorf("variant %s: unknown value %q; one of %s", name, value, strings.Join(d.Values, ", "))
}

// Get returns a variant's value, its default when unset.
func (v Variants) Get(name VariantName) string {
	d, ok := variantDef(name)
	if !ok {
		return ""
	}
	if s := *d.field(&v); s != "" {
		return s
	}
	return d.Default()
}

// ParseVariant sets "name=value" (the -variant flag's form).
func (v *Variants) ParseVariant(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("variant %q: want name=value, e.g. security-ids=underscored", s)
	}
	n, ok := ParseVariantName(strings.TrimSpace(name))
	if !ok {
		return unknownVariant(strings.TrimSpace(name))
	}
	return v.Set(n, strings.TrimSpace(value))
}

func unknownVariant(name string) error {
	names := make([]string, len(variantDefs))
	for i, d := range variantDefs {
		names[i] = d.Name.String()
	}
	sort.Strings(names)
	return fmt.Errorf("unknown variant %q; known: %s", name, strings.Join(names, ", "))
}

// validate checks every set field.
func (v Variants) validate() error {
	for _, d := range variantDefs {
		if s := *d.field(&v); s != "" {
			var probe Variants
			if err := probe.Set(d.Name, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// String lists the variants that differ from their default, "name=value" sorted by name.
func (v Variants) String() string {
	var parts []string
	for _, d := range variantDefs {
		if got := v.Get(d.Name); got != d.Default() {
			parts = append(parts, d.Name.String()+"="+got)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// SetVariants replaces the site's variants (an invalid value is an error and changes
// nothing).
func (s *Simulator) SetVariants(v Variants) error {
	if err := v.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.variants = v
	return nil
}

// Variants returns the site's current variants.
func (s *Simulator) Variants() Variants {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.variants
}

func (s *Simulator) variant(name VariantName) string { return s.Variants().Get(name) }

// shapeHeaders drops the headers a variant says the site does not send.
func (v Variants) shapeHeaders(resp *apiResponse) {
	resp.noVersionHeader = v.Get(VariantVersionHeader) == "absent"
	if v.Get(VariantLinkHeader) == "absent" {
		resp.header.Del("Link")
	}
}
