# PendingImport is now yourdata's (yourdata.0001_initial); its table, accounts_pendingimport,
# stays where it is with every row in it. This takes the model out of accounts' state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_reminder_name'),
        ('yourdata', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='PendingImport',
                ),
            ],
            database_operations=[],
        ),
    ]
