"""Change operations: what the diff produces and the renderer turns into SQL.

One module per object kind, each holding that kind's operations with everything about them:
reverse, hazards, description, and where they may run (their ``stage`` and the keys they
provide, remove, alter, require and release, from which :mod:`schemaforge.order` builds its
edges). :mod:`.base` holds what the kinds share. Adding a kind is adding a module here and
importing it below, then its renderers in :mod:`schemaforge.render`.
"""

from .base import Change, Hazard, Key, Stage
from .columns import AddColumn, AlterColumn, DropColumn, RenameColumn
from .comments import SetComment, SetTableComment
from .composite_types import AlterCompositeType, CreateCompositeType, DropCompositeType
from .constraints import AddConstraint, Constraint, DropConstraint, RenameConstraint
from .domains import AlterDomain, CreateDomain, DropDomain
from .enums import AddEnumValues, CreateEnum, DropEnum, RecreateEnum, RenameEnumValue
from .extensions import CreateExtension, DropExtension, MoveExtension
from .functions import CommentFunction, CreateFunction, DropFunction, ReplaceFunction
from .grants import ChangeDefaultPrivileges, ChangeGrant
from .indexes import CreateIndex, DropIndex, RenameIndex
from .not_nulls import RenameNotNull
from .online import (
    AddNotNullCheck,
    DropNotNull,
    DropNotNullCheck,
    NothingToUndo,
    SetNotNull,
    ValidateConstraint,
    not_null_check_name,
)
from .schemas import CreateSchema, DropSchema
from .sequences import AlterSequence, CreateSequence, DropSequence
from .tables import CreateTable, DropTable, RenameTable
from .triggers import CommentTrigger, CreateTrigger, DropTrigger, EnableTrigger, ReplaceTrigger
from .views import CreateView, DropView

__all__ = [
    "AddColumn",
    "AddConstraint",
    "AddEnumValues",
    "AddNotNullCheck",
    "AlterColumn",
    "AlterCompositeType",
    "AlterDomain",
    "AlterSequence",
    "ChangeDefaultPrivileges",
    "ChangeGrant",
    "Change",
    "CommentFunction",
    "CommentTrigger",
    "Constraint",
    "CreateCompositeType",
    "CreateDomain",
    "CreateEnum",
    "CreateExtension",
    "CreateFunction",
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
    "NothingToUndo",
    "RecreateEnum",
    "RenameColumn",
    "RenameConstraint",
    "RenameEnumValue",
    "RenameIndex",
    "RenameNotNull",
    "RenameTable",
    "ReplaceFunction",
    "ReplaceTrigger",
    "SetComment",
    "SetNotNull",
    "SetTableComment",
    "Stage",
    "ValidateConstraint",
    "not_null_check_name",
]
