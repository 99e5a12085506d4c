"""Change operations: what the diff produces and the renderer turns into SQL.

One module per object kind, each holding that kind's operations with everything about them:
reverse, hazards, description, and where they may run (their ``stage`` and the keys they
provide, remove, alter, require and release, from which :mod:`schemaforge.order` builds its
edges). :mod:`.base` holds what the kinds share. Adding a kind is adding a module here and
importing it below, then its renderers in :mod:`schemaforge.render`.
"""

from .aggregates import CommentAggregate, CreateAggregate, DropAggregate, ReplaceAggregate
from .base import Change, Hazard, Key, Stage
from .collations import CommentCollation, CreateCollation, DropCollation
from .columns import AddColumn, AlterColumn, DropColumn, RenameColumn
from .comments import SetComment, SetTableComment, SetViewColumnComment
from .composite_types import AlterCompositeType, CreateCompositeType, DropCompositeType
from .constraints import AddConstraint, Constraint, DropConstraint, RenameConstraint
from .domain_types import RetypeDomain
from .domains import AlterDomain, CreateDomain, DropDomain
from .enforcement import SetForeignKeyEnforced
from .enums import AddEnumValues, CreateEnum, DropEnum, RecreateEnum, RenameEnumValue
from .extensions import CreateExtension, DropExtension, MoveExtension, UpdateExtension
from .functions import CommentFunction, CreateFunction, DropFunction, ReplaceFunction
from .generation import SetGeneration
from .grants import ChangeDefaultPrivileges, ChangeGrant
from .indexes import CreateIndex, DropIndex, RenameIndex, SetIndexStatistics, index_statistics
from .moves import MoveTable
from .not_nulls import RenameNotNull, SetNotNullValid
from .object_moves import MoveObject, object_word
from .online import (
    AddNotNullCheck,
    DropNotNull,
    DropNotNullCheck,
    NothingToUndo,
    SetNotNull,
    ValidateConstraint,
    not_null_check_name,
)
from .operators import AlterOperator, CommentOperator, CreateOperator, DropOperator
from .partition_bounds import AttachPartition, DetachPartition
from .partition_keys import RenamePartitionNotNulls
from .policies import (
    AlterPolicy,
    CommentPolicy,
    CreatePolicy,
    DisableRowSecurity,
    DropPolicy,
    EnableRowSecurity,
    ForceRowSecurity,
    NoForceRowSecurity,
    RenamePolicy,
)
from .ranges import CreateRangeType, DropRangeType
from .schemas import CreateSchema, DropSchema
from .sequences import AlterSequence, CreateSequence, DropSequence
from .statistics import AlterStatistics, CreateStatistics, DropStatistics, SetColumnOptions
from .table_attributes import (
    SetClusterOn,
    SetConstraintValid,
    SetInherits,
    SetLogged,
    SetReplicaIdentity,
    SetStorage,
)
from .tables import CreateTable, DropTable, RenameTable
from .triggers import CommentTrigger, CreateTrigger, DropTrigger, EnableTrigger, ReplaceTrigger
from .views import CreateView, DropView

__all__ = [
    "ReplaceAggregate",
    "DropRangeType",
    "DropAggregate",
    "CreateRangeType",
    "CreateAggregate",
    "CommentAggregate",
    "CommentCollation",
    "CreateCollation",
    "DropCollation",
    "AlterStatistics",
    "CreateStatistics",
    "DropStatistics",
    "SetColumnOptions",
    "AttachPartition",
    "DetachPartition",
    "AddColumn",
    "AddConstraint",
    "AddEnumValues",
    "AddNotNullCheck",
    "AlterColumn",
    "AlterCompositeType",
    "AlterDomain",
    "AlterOperator",
    "AlterSequence",
    "ChangeDefaultPrivileges",
    "ChangeGrant",
    "Change",
    "CommentFunction",
    "CommentOperator",
    "CommentTrigger",
    "Constraint",
    "CreateCompositeType",
    "CreateDomain",
    "CreateEnum",
    "CreateExtension",
    "CreateFunction",
    "CreateOperator",
    "CreateIndex",
    "CreateSchema",
    "CreateSequence",
    "CreateTable",
    "CreateTrigger",
    "CreateView",
    "DropColumn",
    "DropCompositeType",
    "DropConstraint",
    "DropDomain",
    "DropEnum",
    "DropExtension",
    "DropFunction",
    "DropOperator",
    "DropIndex",
    "DropNotNull",
    "DropNotNullCheck",
    "DropSchema",
    "DropSequence",
    "DropTable",
    "DropTrigger",
    "DropView",
    "EnableTrigger",
    "Hazard",
    "Key",
    "MoveExtension",
    "UpdateExtension",
    "MoveTable",
    "MoveObject",
    "object_word",
    "NothingToUndo",
    "RecreateEnum",
    "RenameColumn",
    "RenameConstraint",
    "RenameEnumValue",
    "RenameIndex",
    "SetIndexStatistics",
    "index_statistics",
    "RenameNotNull",
    "RenamePartitionNotNulls",
    "RenameTable",
    "ReplaceFunction",
    "ReplaceTrigger",
    "RetypeDomain",
    "SetClusterOn",
    "SetComment",
    "SetConstraintValid",
    "SetForeignKeyEnforced",
    "SetGeneration",
    "SetInherits",
    "SetNotNullValid",
    "SetLogged",
    "SetReplicaIdentity",
    "SetStorage",
    "SetNotNull",
    "SetTableComment",
    "SetViewColumnComment",
    "Stage",
    "ValidateConstraint",
    "not_null_check_name",
]
__all__ += [
    "AlterPolicy",
    "CommentPolicy",
    "CreatePolicy",
    "DisableRowSecurity",
    "DropPolicy",
    "EnableRowSecurity",
    "ForceRowSecurity",
    "NoForceRowSecurity",
    "RenamePolicy",
]
