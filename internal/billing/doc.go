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
//   - [BillingPeriod](asOf) is the run's period: the current month, or on the 1st the
//     previous month (final numbers). [Period.End], [Period.String].
//   - [CustomerBillability](customer, company, agreement, period) and
//     [ProductBillability](product, catalogItem) say whether the sync may write, and if not,
//     the one clause to show ("company 5 (Acme) is in the ConnectWise recycle bin"). Plan
//     skips with clause + [NothingWritten]; the customer-mapping plan warnings and the
//     reconciliation must show the same clause, so they call these functions too.
//   - [Period.Standing](addition) places an addition against the period by its dates:
//     [Ended], [Live], [CancelledIn], [Later]. [LiveAdditions] lists the live ones.
//   - [Duplicates] decides which additions a create race left behind; [ManagedDescription]
//     is the marker of the additions the sync creates.
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
//	own duplicates get cancelledDate = effective date     races)
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
