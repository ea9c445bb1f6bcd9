"""The quick start (examples/quick-start/app.ts) in Python: the same stack, construct ids and props.

scripts/python-roundtrip/run.sh synthesizes it with the wheel that .ci/jsii-targets builds and compares its
templates with the TypeScript quick start's; test/languages/python-app.test.ts keeps the two files alike.

    python app.py [OUTDIR]
"""
import sys

from aws_cdk import App, CfnOutput, Environment, Stack
import aws_cdk.aws_certificatemanager as acm
import aws_cdk.aws_iam as iam
from cdk_pki import DistinguishedName, ExpiryAlarms, IssuingCa, RootCaAccount, Validity


def build_quick_start_app(outdir=None):
    """Builds the quick-start app; nothing is synthesized yet."""
    app = App(outdir=outdir)
    # Replace with your account and Region.
    stack = Stack(app, "PkiQuickStart",
        env=Environment(account="123456789012", region="us-east-1"),
        description="cdk-pki example: a root CA and an issuing CA in one account",
    )

    root = RootCaAccount(stack, "RootCa",
        hierarchy_name="quickstart",
        subject=DistinguishedName(common_name="Quick Start Root CA", organization="Example Corp", country="US"),
    )
    issuing = IssuingCa(stack, "IssuingCa",
        parent=root,
        subject=DistinguishedName(common_name="Quick Start Issuing CA", organization="Example Corp", country="US"),
        validity=Validity.years(3),
    )

    # Any CDK code that takes an acmpca.ICertificateAuthority takes the issuing CA.
    certificate = acm.PrivateCertificate(stack, "ServiceCertificate",
        domain_name="service.example.internal",
        subject_alternative_names=["api.example.internal"],
        certificate_authority=issuing,
    )

    # A workload role that may issue end-entity certificates from the issuing CA, and nothing else.
    workload = iam.Role(stack, "WorkloadRole",
        assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
        description="cdk-pki example: may issue end-entity certificates from the issuing CA",
    )
    issuing.grant_issue(workload)

    # The CA to request certificates from.
    CfnOutput(stack, "IssuingCaArn", value=issuing.certificate_authority_arn, description="The issuing CA of the quick start")

    # Expiry notifications: ACM's events, the Config rule, alarms for the certificate and the CAs' own expiry.
    ExpiryAlarms(stack, "ExpiryAlarms",
        email_addresses=["pki-team@example.com"],
        certificates=[certificate],
        certificate_authorities=[root, issuing],
    )

    return app


if __name__ == "__main__":
    build_quick_start_app(sys.argv[1] if len(sys.argv) > 1 else None).synth()
