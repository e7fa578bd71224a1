// Package billing is the pure sync engine of the usage push: given the customer mappings,
// the product mappings, the usage, the options, the mapped companies, agreements and
// catalog items, and the current additions of each agreement, [Plan] returns the exact list
// of changes to make to ConnectWise agreement additions.
//
// The package reads nothing and writes nothing. An executor applies the changes (PATCH of
// the fields listed in [Change.Fields], POST of [Change.New]); the sync action reports them;
// the reconciliation data source shows them as lines. All three call [Plan] on the same
// input, so a dry run shows exactly what a real run writes.
//
// # One notion of billable (the API the provider calls)
//
//   - [AgreementPeriod](agreement, asOf) is one agreement's billing calendar: the period of
//     its own cycle (billingCycle; calendar aligned, or from billStartDate when
//     invoicingCycle is ContractYear) that holds as_of, or on the first day of a period the
//     final numbers of the one that just ended; and the effective date of a create, the
//     latest of the period's start, startDate, billStartDate and, on an agreement that does
//     not prorate, nextInvoiceDate (when that is past the period, the run carries its
//     numbers into the first period it can still write: [Period.Rolled]). [BillingPeriod]
//     is the monthly, calendar-aligned case. [Period.End], [Period.String].
//   - [CustomerBillability](customer, company, agreement, asOf) and
//     [ProductBillability](product, catalogItem) say whether the sync may write, and if not,
//     the one clause to show ("company 5 (Acme) is in the ConnectWise recycle bin",
//     "agreement 17 bills Quarterly (billingCycle ...)"). Plan skips with clause +
//     [NothingWritten]; the customer-mapping plan warnings, the list resource and the
//     reconciliation show the same clause, so they call these functions too.
//     [CurrencyMismatch] keeps a price out of an agreement in another currency.
//   - [Period.Standing](addition) places an addition against the period by its dates:
//     [Ended], [Live], [CancelledIn], [Later]. [LiveAdditions] lists the live ones.
//   - [Duplicates] decides which additions a create race left behind: the sync's own are
//     recognised by the product plus the effective date its calendar computed (invoices
//     print neither an ID nor a date of an addition) and by not having been on the agreement
//     when the run read it; [LegacyDescription] is the marker older versions wrote into the
//     customer-facing description, still recognised.
//
// # Rules, the tests that hold them, and the behaviour before (issue 10)
//
//	rule                                                  test                                   before
//	company in the recycle bin: skip, same clause         TestPeriodRules "company in the        create, or PATCH of a
//	                                                      recycle bin", TestBillabilityIsPlans-  hand-edited addition
//	                                                      Reason, usagesync TestRunWritesNothing-
//	                                                      TheEngineDoesNotBill
//	agreement cancelled, expired, inactive, of another    TestPlanRules "agreement ...",         (held already)
//	company, not found: skip                              TestPlanProperties (c)
//	agreement starts after the period / ended before it   TestPeriodRules "agreement starts      create
//	begins: skip                                          after", "ended before"
//	catalog item missing or inactive: skip (batched       TestPeriodRules "catalog item",        a 400 from the POST and
//	read in the executor's load phase)                    usagesync TestMissingOrInactive-       "run again"
//	                                                      CatalogItemIsSkippedNotPosted
//	an addition belongs to the period when [effective,    TestStanding                           judged active at as_of
//	cancelled] overlaps it
//	one live addition (no cancelled date, or one after    TestPeriodRules "cancelled after the   (held already)
//	the period): update owned fields                      period", TestPlanRules
//	an addition cancelled inside the period: Conflict     TestPeriodRules "cancelled inside",    create over the days it
//	naming its ID and dates, nothing created              "cancelled at as_of", "final January   still bills (billed
//	                                                      run", TestPlanProperties (b), usage-   twice)
//	                                                      sync TestFinalJanuaryRun
//	an addition that starts after the period: never       TestPeriodRules "starts after the      updated, or an open-
//	updated; a create would overlap it: Conflict          period ..."                            ended create over it
//	two live additions: Conflict                          TestPlanRules "several active"         (held already)
//	two runs at once end with one addition: after a       TestDuplicates, usagesync TestConcur-  two additions
//	create, the lowest live ID is kept and the sync's     rentRunsLeaveOneAddition (54 forced
//	own duplicates get quantity 0 and cancelledDate =     races)
//	effective date
//
// Rules of the agreement's calendar (issue 18)
//
//	rule                                                  test                                   before
//	the period is the agreement's cycle's (monthly,       TestAgreementPeriod, TestCalendarTiles a calendar month for
//	bi-monthly, quarterly, semi-annual, yearly),                                                 every agreement
//	calendar aligned or from billStartDate
//	a create is dated no earlier than startDate,          TestAgreementPeriod, TestPlanCalendar- the 1st of the month
//	billStartDate, and (no proration) nextInvoiceDate     Rules, TestPlanProperties (e)          (refused: 400)
//	a cycle the mapping did not allow, one-time, not      TestPlanCalendarRules                  monthly numbers written
//	recurring, weekly: skip naming the field
//	billing starting after the period: skip               TestAgreementPeriod "free first month" a refused create
//	a price to an agreement in another currency: skip     TestPlanCalendarRules, TestPlanUnde-   written as is
//	the SKU                                               claredCurrency
//	the same product on a parent and its child: conflict  TestPlanParentAndChild                 billed twice
//	a Bundle catalog item: skip                           TestPlanCalendarRules                  a refused create
//	a change to an addition that started in an invoiced   TestPlanInvoicedAdditionIsSplit,       a PATCH (refused, or
//	period (no proration): end it on the last invoiced    TestPlanProperties (e), usagesync      rewriting an invoiced
//	day, add its successor from nextInvoiceDate           TestMonthOfHourlyRuns                  period, by site)
//	a race duplicate is ended with quantity 0 too         usagesync TestConcurrentRunsBillOnce   billed its day (or its
//	                                                                                             period) on some sites
//
// Decisions. An addition bills [effectiveDate, cancelledDate], both days included; an
// addition cancelled on or before its effective date never billed and is ignored (this is
// how the sync ends a duplicate with only the Edit permission). An addition cancelled inside
// the period stays a Conflict even when a safe create looks possible (effective the day
// after the cancelled date): a person may have cancelled it on purpose, and on the final
// run the day after is outside the period. The conflict clears itself the next month,
// when the cancelled addition has ended before the period. An addition with a status other
// than Active and no cancelled date is taken as ended (ConnectWise stamps the date when an
// addition is cancelled). Agreement status is judged as read (a write to an Expired
// agreement is refused by ConnectWise); agreement dates are judged against the period.
//
// Billing correctness comes first: one addition per (agreement, catalog item) and period;
// two or more live additions, or one cancelled inside the period, are a [Conflict] that
// nothing resolves by writing; missing usage is not zero; and planning again over the
// result of a plan writes nothing.
package billing
