"""The analysis models come from the routing app (issue 15): ComplaintAnalysis, CategoryKeywords and
CustomerTypology keep their rows. routing 0003 renamed their tables to analysis_*; this migration
adds them to this app's state without touching the database, then moves their content types from
routing to analysis, so that their permissions (same rows, same codenames) stay granted to the
groups and people that had them, and the admin's history still points to them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("complaintanalysis", "categorykeywords", "customertypology")


def move_content_types(apps, schema_editor, *, source="routing", target="analysis"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    content_types = ContentType.objects.using(db)
    for model in MOVED:
        old = content_types.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the content types afterwards
        new = content_types.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (post_migrate of an earlier, partial `migrate` created the new one): the old
        # permissions carry the grants; give them to the new content type, merging same codenames.
        for permission in Permission.objects.using(db).filter(content_type=old):
            twin = Permission.objects.using(db).filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
            permission.delete()
        apps.get_model("admin", "LogEntry").objects.using(db).filter(content_type=old).update(content_type=new)
        old.delete()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="analysis", target="routing")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("routing", "0003_analysis_tables_move_to_the_analysis_app"),
        ("complaints", "0009_audit_chain_key_and_head"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CategoryKeywords',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phrases', models.TextField(blank=True, help_text='One phrase per line. Case and accents are ignored; a trailing * allows any ending (factur* matches facture, facturation).', verbose_name='phrases')),
                        ('category', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='keywords', to='complaints.category', verbose_name='category')),
                    ],
                    options={
                        'verbose_name': 'category keywords',
                        'verbose_name_plural': 'category keywords',
                    },
                ),
                migrations.CreateModel(
                    name='ComplaintAnalysis',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(max_length=8, verbose_name='language')),
                        ('language_confidence', models.FloatField(default=0.0, verbose_name='language confidence')),
                        ('category_confidence', models.FloatField(default=0.0, verbose_name='category confidence')),
                        ('category_source', models.CharField(blank=True, choices=[('model', 'Trained model'), ('rules', 'Keyword rules')], max_length=8, verbose_name='suggested by')),
                        ('alternatives', models.JSONField(blank=True, default=list, verbose_name='alternatives')),
                        ('tone', models.CharField(choices=[('calm', 'Calm'), ('dissatisfied', 'Dissatisfied'), ('angry', 'Angry'), ('distressed', 'Distressed')], max_length=16, verbose_name='tone')),
                        ('tone_score', models.FloatField(default=0.0, verbose_name='tone score')),
                        ('tone_evidence', models.JSONField(blank=True, default=list, verbose_name='tone evidence')),
                        ('risk_flags', models.JSONField(blank=True, default=dict, verbose_name='risk flags')),
                        ('risk_score', models.PositiveSmallIntegerField(db_index=True, default=0, verbose_name='risk score')),
                        ('risk_level', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('critical', 'Critical')], max_length=16, verbose_name='risk level')),
                        ('facts', models.JSONField(blank=True, default=dict, verbose_name='facts')),
                        ('is_vague', models.BooleanField(default=False, verbose_name='vague')),
                        ('missing_facts', models.JSONField(blank=True, default=list, verbose_name='missing facts')),
                        ('fingerprint', models.CharField(db_index=True, max_length=16, verbose_name='fingerprint')),
                        ('model_version', models.CharField(blank=True, max_length=32, verbose_name='model version')),
                        ('analysed_at', models.DateTimeField(verbose_name='analysed at')),
                        ('category_decision', models.CharField(blank=True, choices=[('', 'Not decided'), ('accepted', 'Accepted'), ('corrected', 'Corrected')], max_length=16, verbose_name='decision on the category')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('complaint', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='analysis', to='complaints.complaint', verbose_name='complaint')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('suggested_category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='complaints.category', verbose_name='suggested category')),
                    ],
                    options={
                        'verbose_name': 'complaint analysis',
                        'verbose_name_plural': 'complaint analyses',
                    },
                ),
                migrations.CreateModel(
                    name='CustomerTypology',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('suggested', models.CharField(blank=True, choices=[('eau_dormante', 'Still water (rarely voices a complaint)'), ('gerant_estrade', 'Voicer (tells you directly, wants to give their view, stays loyal)'), ('klaxon', 'Horn (tells their circle or the public rather than you)'), ('procedurier', 'Stickler (turns to a third party: consumer body, ombudsman, lawyer)')], max_length=32, verbose_name='suggested profile')),
                        ('confidence', models.FloatField(default=0.0, verbose_name='confidence')),
                        ('evidence', models.JSONField(blank=True, default=list, verbose_name='evidence')),
                        ('confirmed', models.CharField(blank=True, choices=[('eau_dormante', 'Still water (rarely voices a complaint)'), ('gerant_estrade', 'Voicer (tells you directly, wants to give their view, stays loyal)'), ('klaxon', 'Horn (tells their circle or the public rather than you)'), ('procedurier', 'Stickler (turns to a third party: consumer body, ombudsman, lawyer)')], max_length=32, verbose_name='confirmed profile')),
                        ('updated_at', models.DateTimeField(verbose_name='updated at')),
                        ('customer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='typology', to='complaints.customer', verbose_name='customer')),
                    ],
                    options={
                        'verbose_name': 'customer typology',
                        'verbose_name_plural': 'customer typologies',
                    },
                ),
            ],
            database_operations=[],  # the tables are there, renamed by routing 0003
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
