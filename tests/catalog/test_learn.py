"""Citations a user can follow: every catalog row names a Microsoft Learn section, every anchor comes
from a heading read in the page's source, and each seed section maps to a title the seed prints."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from amlnet.catalog import HOSTS, SERVICE_TAGS, LearnRef, SeedRef
from amlnet.catalog.aks import EXTENSION_SOURCE, SCORING_SOURCE
from amlnet.catalog.kubernetes import IN_CLUSTER
from amlnet.catalog.learn import HEADINGS, PAGES, SECTIONS, SEED_TITLES, anchor_of, cite
from amlnet.catalog.regions import PAIRS_SOURCE
from tests.conftest import seed_text

LEARN_HOSTS = {"learn.microsoft.com", "docs.azure.cn"}


def _catalog_sources() -> list[SeedRef]:
    return [r.source for r in (*SERVICE_TAGS, *HOSTS)] + [r.seed for r in IN_CLUSTER] + [PAIRS_SOURCE, EXTENSION_SOURCE, SCORING_SOURCE]


def test_every_catalog_row_has_a_learn_url():
    missing = [str(s) for s in _catalog_sources() if s.learn is None]
    assert not missing, "catalog rows without a Learn section (give _seed a learn.SECTIONS key):\n" + "\n".join(missing)
    for s in _catalog_sources():
        url = urlsplit(s.learn_url)
        assert url.scheme == "https" and url.netloc in LEARN_HOSTS and not url.query, (str(s), s.learn_url)
        assert url.path.startswith(("/azure/", "/zh-cn/")) and url.fragment, (str(s), s.learn_url)


def test_every_anchor_in_use_comes_from_a_heading_read_in_the_source():
    refs = {s.learn for s in _catalog_sources()} | set(SECTIONS.values())
    for ref in refs:
        headings = HEADINGS[ref.page]
        heading = next((h for h in headings if h.replace("`", "") == ref.section), None)
        assert heading is not None, f"{ref.section!r} is not among the headings read in {ref.page}"
        assert ref.anchor == (headings[heading] or anchor_of(heading)), ref


def test_a_page_has_no_two_headings_with_one_anchor():
    """Learn suffixes a repeated anchor (-1, -2): a citation by a repeated one would land on the first."""
    for page, headings in HEADINGS.items():
        anchors = [explicit or anchor_of(h) for h, explicit in headings.items()]
        assert len(anchors) == len(set(anchors)), page


# Anchors that Learn pages themselves link to (so the rule is Learn's, not ours), with where each was read:
OBSERVED_LINKS = [
    # how-to-access-azureml-behind-firewall.md links its own section "[compute with public IP](#scenario-using-...)"
    ("Scenario: Using compute cluster or compute instance with a public IP", "scenario-using-compute-cluster-or-compute-instance-with-a-public-ip"),
    # other Learn articles: "/azure/machine-learning/how-to-secure-training-vnet#compute-instancecluster-or-serverless-..."
    ("Compute instance/cluster or serverless compute with no public IP", "compute-instancecluster-or-serverless-compute-with-no-public-ip"),
    # how-to-secure-training-vnet.md: "[required public internet access](#required-public-internet-access-to-train-models)"
    ("Required public internet access to train models", "required-public-internet-access-to-train-models"),
    # concept-secure-network-traffic-flow.md, its scenario table
    ("Scenario: Use a compute instance and a compute cluster", "scenario-use-a-compute-instance-and-a-compute-cluster"),
    ("Scenario: Use Docker images that Azure Machine Learning manages", "scenario-use-docker-images-that-azure-machine-learning-manages"),
    ("Scenario: Use AutoML, the designer, the dataset, and the datastore from the studio",
     "scenario-use-automl-the-designer-the-dataset-and-the-datastore-from-the-studio"),
    # links into how-to-access-azureml-behind-firewall from other Learn articles
    ("Recommended configuration for training and deploying models", "recommended-configuration-for-training-and-deploying-models"),
    ("Microsoft hosts", "microsoft-hosts"),
    ("Scenario: Use Kubernetes compute", "scenario-use-kubernetes-compute"),
    ("Scenario: Visual Studio Code", "scenario-visual-studio-code"),
    # links into the AKS page: "/azure/aks/outbound-rules-control-egress#azure-global-required-fqdn--application-rules", "#cluster-extensions"
    ("Azure Global required FQDN / application rules", "azure-global-required-fqdn--application-rules"),
    ("Cluster extensions", "cluster-extensions"),
    # other Learn articles: "/azure/reliability/cross-region-replication-azure#azure-paired-regions"
    ("Azure paired regions", "azure-paired-regions"),
]


@pytest.mark.parametrize("heading, anchor", OBSERVED_LINKS)
def test_anchor_of_reproduces_the_anchors_learn_links_to(heading, anchor):
    assert anchor_of(heading) == anchor
    assert any(heading in h for h in HEADINGS.values()), "the observed heading must be one read in a page's source"


def test_anchor_of_keeps_underscores_and_drops_code_marks_and_punctuation():
    assert anchor_of("Scenario: Workspace created with the `hbi_workspace` flag enabled") == (
        "scenario-workspace-created-with-the-hbi_workspace-flag-enabled")
    assert anchor_of("Secure an Azure Machine Learning inferencing environment with virtual networks (v1)").endswith("virtual-networks-v1")


@pytest.mark.parametrize("seed, key", sorted(SEED_TITLES))
def test_each_seed_section_title_is_printed_in_its_seed(seed, key):
    assert SEED_TITLES[(seed, key)] in seed_text(seed), (seed, key)


def test_each_section_is_on_the_page_its_seed_translates():
    by_url = {p.url: p for p in PAGES}
    for (seed, key), ref in SECTIONS.items():
        page = by_url[ref.page]
        # or a page a seed links to (AKS egress, region pairs), whose values rows of seed 000 or 004 use
        assert seed in page.seeds or page.linked_from, (seed, key, ref.page)
    assert all(page.source.count("@") == 1 and len(page.source.rsplit("@", 1)[1]) == 40 for page in PAGES)


def test_rows_cite_the_section_of_their_seed_row():
    """Spot checks that a row's Learn section is the one holding the fact (read in the English source)."""
    by_row = {s.row: s.learn for s in _catalog_sources()}
    assert by_row["inbound table: AzureMachineLearning any -> VirtualNetwork 44224"].url.endswith("#basic-configuration")
    assert by_row["limits: port 445 must be open between compute and the default storage account"].url == (
        "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet#limitations")
    assert by_row["Kubernetes: pypi.org (training only)"].url.endswith("#scenario-use-kubernetes-compute")
    assert by_row["VS Code hosts: vscode.dev"].url.endswith("how-to-access-azureml-behind-firewall#hosts")
    assert by_row["scenario Visual Studio Code, ports: 8704-8710"].url.endswith("#ports")
    assert by_row["Docker images managed by Azure ML: viennaglobal.azurecr.io"].note  # the live page no longer names it
    assert all(r.seed.learn.section == "In-cluster communication requirements" for r in IN_CLUSTER)


def test_citation_leaves_seedref_text_and_equality_alone():
    """Rule descriptions quote str(SeedRef) (snapshots); the citation must not change it or equality."""
    a = SeedRef("000", "outbound table: VirtualNetwork 443", cite("000", "basic-outbound"))
    assert str(a) == "seed 000: outbound table: VirtualNetwork 443"
    assert a == SeedRef("000", "outbound table: VirtualNetwork 443") and hash(a) == hash(SeedRef("000", "outbound table: VirtualNetwork 443"))


def test_cite_names_an_unknown_key_and_the_known_ones():
    with pytest.raises(KeyError, match=r"no Learn section \('000', 'nope'\); seed 000 has: basic-inbound"):
        cite("000", "nope")


def test_learnref_refuses_a_page_with_a_fragment_or_without_https():
    for page in ("http://learn.microsoft.com/azure/x", "https://learn.microsoft.com/azure/x#y"):
        with pytest.raises(ValueError, match="https URL without fragment"):
            LearnRef(page, "a", "A")
