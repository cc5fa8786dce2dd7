# PendingImport moves here from accounts, where accounts.0002_pendingimport made its table.
# The table stays as it is (db_table keeps its name), so this only tells Django's state that
# the model is now this app's; accounts.0006_move_pendingimport_to_yourdata takes it out of
# accounts' state. Nothing in the database changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('accounts', '0005_user_reminder_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PendingImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file_name', models.CharField(max_length=200)),
                        ('content', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pending_imports', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_pendingimport',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
