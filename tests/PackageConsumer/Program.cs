// The package consumer test: run by .ci/run after packing every package into artifacts/packages. Every check
// prints PASS or FAIL; the last line is "PackageConsumer: N passed, N failed", and the exit code is 1 when any
// check failed. Snapshots live beside ConsumerChecks.cs; accept a changed one with RISKTRIAGE_ACCEPT_SNAPSHOTS=1.
using PackageConsumer;

var checks = new (string Name, Action Run)[]
{
    (nameof(ConsumerChecks.Every_packed_package_is_referenced_and_checked), ConsumerChecks.Every_packed_package_is_referenced_and_checked),
    (nameof(ConsumerChecks.Every_package_comes_from_the_freshly_packed_package), ConsumerChecks.Every_package_comes_from_the_freshly_packed_package),
    (nameof(ConsumerChecks.Every_package_has_its_metadata_and_a_symbols_package_with_source_link), ConsumerChecks.Every_package_has_its_metadata_and_a_symbols_package_with_source_link),
    (nameof(ConsumerChecks.The_main_package_ships_no_test_helpers_and_Testing_and_RulesEngine_depend_on_it), ConsumerChecks.The_main_package_ships_no_test_helpers_and_Testing_and_RulesEngine_depend_on_it),
    (nameof(ConsumerChecks.The_rule_tests_of_the_default_rule_set_pass_with_the_Testing_package), ConsumerChecks.The_rule_tests_of_the_default_rule_set_pass_with_the_Testing_package),
    (nameof(ConsumerChecks.The_package_holds_the_schema_readme_and_xml_docs), ConsumerChecks.The_package_holds_the_schema_readme_and_xml_docs),
    (nameof(ConsumerChecks.The_default_rule_set_loads_from_the_package), ConsumerChecks.The_default_rule_set_loads_from_the_package),
    (nameof(ConsumerChecks.A_case_is_triaged_and_its_decision_matches_the_snapshot), ConsumerChecks.A_case_is_triaged_and_its_decision_matches_the_snapshot),
    (nameof(ConsumerChecks.A_rule_set_of_your_own_loads_from_disk), ConsumerChecks.A_rule_set_of_your_own_loads_from_disk),
};

int passed = 0, failed = 0;
foreach (var (name, run) in checks)
{
    try
    {
        run();
        passed++;
        Console.WriteLine($"  PASS {name}");
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"  FAIL {name}: {e.GetType().Name}: {e.Message}");
    }
}

Console.WriteLine($"PackageConsumer: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
