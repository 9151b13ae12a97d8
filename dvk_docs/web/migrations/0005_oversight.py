# Oversight: the cap_tren role and which organisation oversees which (issue 12, part D)

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dvk_web', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('van_phong', 'Văn phòng (cán bộ tổng hợp)'), ('don_vi', 'Đơn vị (đăng ký mô hình)'), ('admin', 'Quản trị'), ('cap_tren', 'Cấp trên (huyện, tỉnh: chỉ xem các xã trực thuộc)')], max_length=20, verbose_name='vai trò'),
        ),
        migrations.CreateModel(
            name='Oversight',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('child', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='parent_link', to='dvk_web.organisation', verbose_name='trực thuộc')),
                ('parent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='child_links', to='dvk_web.organisation', verbose_name='cấp trên')),
            ],
            options={
                'verbose_name': 'quan hệ cấp trên',
                'verbose_name_plural': 'quan hệ cấp trên',
                'ordering': ['parent__name', 'child__name'],
            },
        ),
    ]
