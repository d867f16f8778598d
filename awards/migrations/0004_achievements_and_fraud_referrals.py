"""Issue 17: the achievements art. 10(1) and 10(4) reward (``Achievement``); who committed a fraud found under art. 14,
the locality's other applications of the year it took back, and SAMR's recommendations to the local governments
(``FraudFinding.committed_by``, ``.other_applications``, ``FraudReferral``). The findings made before were all the
locality's (they banned it from applying): they default to ``locality``."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0003_fraud_findings_name_the_register'),
        ('nominations', '0018_reference_date_is_the_data_year'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='fraudfinding',
            name='committed_by',
            field=models.CharField(choices=[('locality', '申报地方'), ('province', '省级市场监管部门'), ('both', '申报地方和省级市场监管部门')], default='locality', max_length=16, verbose_name='弄虚作假主体'),
        ),
        migrations.AddField(
            model_name='fraudfinding',
            name='other_applications',
            field=models.ManyToManyField(blank=True, related_name='fraud_findings_handled', to='nominations.nomination', verbose_name='一并处理的同年度其他申报'),
        ),
        migrations.CreateModel(
            name='Achievement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('business_reform', '商事制度改革'), ('advertising', '广告监管'), ('online_market', '网络市场监管'), ('anti_pyramid', '打击传销')], max_length=24, verbose_name='工作领域')),
                ('description', models.TextField(verbose_name='突出成绩或显著成效')),
                ('basis', models.CharField(help_text='例如：总局考核评议、督查检查结果或通报的文号', max_length=200, verbose_name='依据')),
                ('recorded_at', models.DateTimeField(verbose_name='记录时间')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='achievements', to='nominations.nomination', verbose_name='申报')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
            ],
            options={
                'verbose_name': '工作成效记录',
                'verbose_name_plural': '工作成效记录',
                'ordering': ['nomination', 'field'],
                'constraints': [models.UniqueConstraint(fields=('nomination', 'field'), name='one_achievement_per_field')],
            },
        ),
        migrations.CreateModel(
            name='FraudReferral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('government', models.CharField(max_length=100, verbose_name='建议处理的地方人民政府')),
                ('referred_on', models.DateField(verbose_name='建议日期')),
                ('document_number', models.CharField(max_length=64, verbose_name='建议文号')),
                ('recorded_at', models.DateTimeField(verbose_name='登记时间')),
                ('finding', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='awards.fraudfinding', verbose_name='弄虚作假认定')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '建议地方人民政府处理',
                'verbose_name_plural': '建议地方人民政府处理',
                'ordering': ['referred_on', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('finding', 'government'), name='one_referral_per_government')],
            },
        ),
    ]
