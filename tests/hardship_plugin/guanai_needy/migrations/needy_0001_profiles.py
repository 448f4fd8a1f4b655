"""needy profiles (the separately packaged test group)

Revision ID: needy_0001
Revises: core_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "needy_0001"
down_revision = "core_0001"
branch_labels = ("needy",)
depends_on = None


def upgrade():
    op.create_table(
        "needy_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("living", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiaries.id"], ondelete="CASCADE",
                                name=op.f("fk_needy_profiles_beneficiary_id_beneficiaries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needy_profiles")),
        sa.UniqueConstraint("beneficiary_id", name=op.f("uq_needy_profiles_beneficiary_id")),
    )


def downgrade():
    op.drop_table("needy_profiles")
